//! A person's settings for the window, kept with them in the results store: text size, caption
//! speed, reduced motion and a high-contrast theme. (Extra time in a screening is the
//! assessment's to grant, per invitation, never the candidate's to set.)

use serde::{Deserialize, Serialize};

use crate::store::{Store, StoreError};

/// How fast the customer's words appear when their line has no recording to keep step with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Captions {
    /// Two thirds of the usual pace.
    Slow,
    /// About 170 words a minute.
    #[default]
    Normal,
    /// Five thirds of it.
    Fast,
    /// The whole line at once.
    Instant,
}

impl Captions {
    /// How many times the usual pace.
    pub fn factor(self) -> f32 {
        match self {
            Captions::Slow => 2.0 / 3.0,
            Captions::Normal => 1.0,
            Captions::Fast => 5.0 / 3.0,
            Captions::Instant => f32::INFINITY,
        }
    }

    /// The next choice, round.
    pub fn next(self) -> Captions {
        match self {
            Captions::Slow => Captions::Normal,
            Captions::Normal => Captions::Fast,
            Captions::Fast => Captions::Instant,
            Captions::Instant => Captions::Slow,
        }
    }

    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Captions::Slow => "slow",
            Captions::Normal => "normal (about 170 words a minute)",
            Captions::Fast => "fast",
            Captions::Instant => "the whole line at once",
        }
    }
}

/// The text sizes on offer, as a share of the usual.
pub const TEXT_SCALES: [f32; 5] = [1.0, 1.25, 1.5, 1.75, 2.0];

/// One person's settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Text (and the layout with it) at this size: 1.0 to 2.0.
    pub text_scale: f32,
    /// Caption speed.
    pub captions: Captions,
    /// No animation: captions appear whole, nothing moves on its own.
    pub reduced_motion: bool,
    /// White and yellow on black.
    pub high_contrast: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { text_scale: 1.0, captions: Captions::Normal, reduced_motion: false, high_contrast: false }
    }
}

impl Settings {
    /// The next text size, round.
    pub fn next_text_scale(&mut self) {
        let at = TEXT_SCALES.iter().position(|s| (*s - self.text_scale).abs() < 0.01).unwrap_or(0);
        self.text_scale = TEXT_SCALES[(at + 1) % TEXT_SCALES.len()];
    }

    /// How many times the usual caption pace: reduced motion shows lines whole.
    pub fn caption_factor(&self) -> f32 {
        if self.reduced_motion { f32::INFINITY } else { self.captions.factor() }
    }

    /// The text size, kept to what is offered (a hand-edited database cannot make it 0 or 50).
    pub fn text_scale(&self) -> f32 {
        self.text_scale.clamp(TEXT_SCALES[0], TEXT_SCALES[TEXT_SCALES.len() - 1])
    }
}

/// `name`'s settings (the defaults for someone who has none yet).
pub fn load(store: &Store, name: &str) -> Result<Settings, StoreError> {
    Ok(match store.settings_of(name)? {
        Some(json) => serde_json::from_str(&json)?,
        None => Settings::default(),
    })
}

/// Keeps `name`'s settings (adding them as a trainee when they are new).
pub fn save(store: &Store, name: &str, settings: &Settings) -> Result<(), StoreError> {
    store.keep_settings(name, &serde_json::to_string(settings)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_kept_per_person_and_cycle_through_what_is_offered() {
        let (_dir, store, _) = super::super::scratch();
        assert_eq!(load(&store, "Ann").unwrap(), Settings::default());
        let mut s = Settings::default();
        s.next_text_scale();
        s.next_text_scale();
        s.captions = s.captions.next().next();
        s.high_contrast = true;
        save(&store, "Ann", &s).unwrap();
        assert_eq!(load(&store, "Ann").unwrap(), Settings { text_scale: 1.5, captions: Captions::Instant, reduced_motion: false, high_contrast: true });
        assert_eq!(load(&store, "Ben").unwrap(), Settings::default(), "per person");
        for _ in 0..3 {
            s.next_text_scale();
        }
        assert_eq!(s.text_scale, 1.0, "round from 200% back to 100%");
        assert!(Settings { reduced_motion: true, ..Settings::default() }.caption_factor().is_infinite());
        assert_eq!(Settings { text_scale: 9.0, ..Settings::default() }.text_scale(), 2.0);
    }
}
