//! Reviewing answers in the window: the reviewer's queue (the calibration set, spoken answers,
//! a sample of typed ones, flagged ones), one answer at a time with the customer's line and the
//! recording to play, levels 1-5 per dimension with each level's anchor shown, a comment, and
//! typing out a spoken answer's words. Blind: the automatic score and other reviewers' ratings
//! appear only once this reviewer has submitted. Every step is `app::review`'s, as on the
//! command line; this screen only shows them.

use std::path::Path;

use bevy::input_focus::{FocusCause, InputFocus};
use bevy::prelude::*;
use bevy::text::EditableText;

use super::{key_hints, Screen};
use crate::app::review::{self, Card, Given, Queued};
use crate::gui::results::Results;
use crate::gui::theme::{self, Fonts};
use crate::gui::Setup;
use crate::scoring::scales::{RatingScales, LEVELS};
use crate::store::Selection;
use crate::vocab::Dimension;

/// The review under way.
#[derive(Resource, Default)]
pub struct Reviewing {
    /// Who reviews (the name on the title screen).
    pub reviewer: String,
    /// What waits for them, in order.
    pub queue: Vec<Queued>,
    /// The item on screen.
    pub index: usize,
    /// The answer on screen.
    pub card: Option<Card>,
    /// The levels chosen so far, per dimension.
    pub levels: [Option<u8>; 4],
    /// The dimension the digit keys set.
    pub dimension: usize,
    /// The anchors.
    pub scales: Option<RatingScales>,
    /// What the last action said (kept, refused, why).
    pub message: String,
    /// Whether that was good news (a rating or words kept) rather than a refusal.
    pub kept: bool,
    /// Whether the box for a spoken answer's words is open (T opens it).
    pub typing: bool,
}

/// The comment box.
#[derive(Component)]
pub struct CommentBox;
/// The box for a spoken answer's words.
#[derive(Component)]
pub struct WordsBox;
/// What the customer said and what was answered.
#[derive(Component)]
pub struct ReviewAnswer;
/// The level chosen on each dimension, in [`Dimension::ALL`] order.
#[derive(Component)]
pub struct LevelsText;
/// The anchors of the dimension being rated.
#[derive(Component)]
pub struct AnchorsText;
/// The automatic score and every rating, once this reviewer has submitted.
#[derive(Component)]
pub struct RevealText;
/// The last action's message.
#[derive(Component)]
pub struct ReviewMessage;
#[derive(Component)]
struct ReviewRoot;

/// The screen's systems.
pub fn plugin(app: &mut App) {
    app.init_resource::<Reviewing>()
        .add_systems(OnEnter(Screen::Review), arrive)
        .add_systems(Update, show.run_if(in_state(Screen::Review)))
        // After the frame's keys are in the boxes, so an Enter typed with them reads them all.
        .add_systems(PostUpdate, keys.after(bevy::text::EditableTextSystems).run_if(in_state(Screen::Review)));
}

/// On arriving: the reviewer's queue, the anchors, and the first answer.
fn arrive(world: &mut World) {
    let reviewer = review::reviewer_name(Some(world.resource::<Setup>().person.trim()).filter(|n| !n.is_empty()));
    let (scales, mut message) = match crate::scoring::scales::for_organisation(None, &crate::paths::data_dir()) {
        Ok((scales, _)) => (scales, String::new()),
        Err(d) => (RatingScales::bundled(), format!("The organisation's rating scales could not be read ({}); the bundled ones are shown.", d.message)),
    };
    let queue = match world.get_non_send::<Results>() {
        Some(results) => review::queue(&results.store, &reviewer, &Selection::default()).unwrap_or_else(|e| {
            message = e.to_string();
            Vec::new()
        }),
        None => {
            message = "The results database could not be opened, so there is nothing to review here.".into();
            Vec::new()
        }
    };
    world.insert_resource(Reviewing { reviewer, queue, scales: Some(scales), message, ..Reviewing::default() });
    open(world, 0);
}

/// Shows queue item `index` (or the end of the queue).
fn open(world: &mut World, index: usize) {
    let item = world.resource::<Reviewing>().queue.get(index).cloned();
    let reviewer = world.resource::<Reviewing>().reviewer.clone();
    let card = match (item, world.get_non_send::<Results>()) {
        (Some(q), Some(results)) => match review::card(&results.store, q.session, q.turn, &reviewer) {
            Ok(card) => Some(card),
            Err(e) => {
                world.resource_mut::<Reviewing>().message = e.to_string();
                None
            }
        },
        _ => None,
    };
    let mut r = world.resource_mut::<Reviewing>();
    r.index = index;
    r.card = card;
    r.kept = false;
    r.typing = false;
    r.levels = [None; 4];
    r.dimension = 0;
}

/// Rebuilds the screen whenever the review changes.
fn show(mut commands: Commands, reviewing: Res<Reviewing>, fonts: Res<Fonts>, roots: Query<Entity, With<ReviewRoot>>) {
    if !reviewing.is_changed() {
        return;
    }
    for root in &roots {
        commands.entity(root).despawn();
    }
    let r = &*reviewing;
    // Tighter than other screens: the answer, four levels, the anchors and a comment must fit
    // an 800x600 window.
    let mut screen = commands.spawn((theme::screen_root(Screen::Review), ReviewRoot));
    screen.entry::<Node>().and_modify(|mut node| {
        node.padding = UiRect::axes(px(48), px(22));
        node.row_gap = px(8);
    });
    screen.with_children(|root| {
        let waiting = r.queue.len();
        let heading = match &r.card {
            Some(_) => format!("Review · {} of {waiting} waiting for {}", r.index + 1, r.reviewer),
            None => format!("Review · nothing waits for {}", r.reviewer),
        };
        root.spawn(theme::bold(&fonts, heading, theme::HEADING_SIZE, theme::TEXT));
        let Some(card) = &r.card else {
            root.spawn((theme::text(&fonts, r.message.clone(), theme::BODY_SIZE - 2.0, theme::WARN), ReviewMessage));
            root.spawn(key_hints(&fonts, "Esc back to the title"));
            return;
        };
        let why = r.queue.get(r.index).map_or("", |q| q.why.describe());
        let s = &card.session;
        root.spawn(theme::text(&fonts, format!("Session {} · turn {} · {} playing {} · {why}", s.id, card.turn, s.person, s.scenario_id), theme::SMALL_SIZE, theme::MUTED));
        root.spawn(theme::panel()).with_children(|panel| {
            let mut said = String::new();
            for line in &card.customer {
                said.push_str(&format!("Customer: \u{201c}{}\u{201d}\n", line.text));
            }
            said.push_str(&match (&card.words, &card.audio) {
                (Some(words), Some(_)) if card.heard_by.is_some() => {
                    format!("Answer, as {} heard it: \u{201c}{words}\u{201d}\nA plays the recording; T corrects the words.", card.heard_by.as_deref().unwrap_or_default())
                }
                (Some(words), _) => format!("Answer: \u{201c}{words}\u{201d}"),
                (None, _) => "Answer: spoken, not typed out. A plays the recording; T types its words.".to_string(),
            });
            panel.spawn((theme::text(&fonts, said, theme::BODY_SIZE - 2.0, theme::TEXT), ReviewAnswer));
        });
        if r.typing && wordable(card) {
            // Opened by T, with the keys in it at once (and the transcriber's words to correct).
            let words = card.words.as_deref().unwrap_or_default();
            root.spawn(text_box(&fonts, "Words heard\n(Enter keeps)", words, 2000, (WordsBox, bevy::input_focus::AutoFocus)));
        }
        if let Some(shown) = &card.revealed {
            root.spawn((theme::text(&fonts, crate::terminal::review::revealed(shown), theme::BODY_SIZE - 3.0, theme::TEXT), RevealText));
        } else {
            // One chip per dimension, side by side (wrapping in a narrow window): its name and
            // the level chosen; the dimension the digits set is outlined.
            root.spawn(Node { flex_wrap: FlexWrap::Wrap, column_gap: px(10), row_gap: px(8), ..default() }).with_children(|chips| {
                for (i, d) in Dimension::ALL.iter().enumerate() {
                    let chosen = r.levels[i].map_or("–".to_string(), |l| {
                        let name = r.scales.as_ref().and_then(|s| s.level(*d, l)).map_or("", |l| l.name.as_str());
                        format!("{l} {name}")
                    });
                    let border = if i == r.dimension { theme::ACCENT } else { theme::PANEL };
                    chips
                        .spawn((
                            Node {
                                column_gap: px(8),
                                align_items: AlignItems::Center,
                                padding: UiRect::axes(px(12), px(6)),
                                border: px(2).all(),
                                border_radius: BorderRadius::all(px(8)),
                                ..default()
                            },
                            BorderColor::all(border),
                            BackgroundColor(theme::PANEL),
                        ))
                        .with_children(|chip| {
                            chip.spawn(theme::text(&fonts, d.name(), theme::SMALL_SIZE, theme::MUTED));
                            chip.spawn((theme::bold(&fonts, chosen, theme::BODY_SIZE - 3.0, theme::TEXT), LevelsText));
                        });
                }
            });
            let d = Dimension::ALL[r.dimension];
            let anchors: Vec<String> = (1..=LEVELS)
                .rev()
                .filter_map(|level| {
                    let l = r.scales.as_ref()?.level(d, level)?;
                    let chosen = if r.levels[r.dimension] == Some(level) { "●" } else { " " };
                    Some(format!("{chosen} {level} {}: {}", l.name, l.anchor))
                })
                .collect();
            root.spawn((theme::text(&fonts, anchors.join("\n"), theme::SMALL_SIZE, theme::MUTED), AnchorsText));
            root.spawn(text_box(&fonts, "Comment (C)", "", 1000, CommentBox));
        }
        let colour = if r.kept { theme::GOOD } else { theme::WARN };
        root.spawn((theme::text(&fonts, r.message.clone(), theme::BODY_SIZE - 2.0, colour), ReviewMessage));
        let hints = if card.revealed.is_some() {
            "Enter next answer · P/A play line/recording · Esc back"
        } else {
            "1-5 level · ↑↓ dimension · C comment · Enter submit · S skip · P/A play · Esc back"
        };
        root.spawn(key_hints(&fonts, hints));
    });
}

/// A one-line text field with its label before it.
/// Whether T opens the words box: a spoken answer nobody typed out, or one the transcriber's
/// words stand for.
fn wordable(card: &Card) -> bool {
    card.audio.is_some() && (card.words.is_none() || card.heard_by.is_some())
}

fn text_box(fonts: &Fonts, label: &str, initial: &str, max: usize, marker: impl Bundle) -> impl Bundle {
    (
        Node { column_gap: px(12), align_items: AlignItems::Center, ..default() },
        children![
            (Node { flex_shrink: 0.0, ..default() }, children![theme::text(fonts, label.to_string(), theme::SMALL_SIZE, theme::MUTED)]),
            (
                Node { flex_grow: 1.0, padding: UiRect::axes(px(12), px(6)), border: px(2).all(), border_radius: BorderRadius::all(px(8)), ..default() },
                BorderColor::all(theme::PANEL_HIGHLIGHT),
                BackgroundColor(theme::PANEL),
                EditableText { allow_newlines: false, max_characters: Some(max), ..EditableText::new(initial) },
                TextFont { font: fonts.regular.clone().into(), font_size: FontSize::Px(theme::BODY_SIZE - 2.0), ..default() },
                TextColor(theme::TEXT),
                theme::cursor(),
                AccessibleLabel::new(label),
                marker,
            ),
        ],
    )
}

fn box_entity<C: Component>(world: &mut World) -> Option<Entity> {
    world.query_filtered::<Entity, With<C>>().iter(world).next()
}

fn box_text<C: Component>(world: &mut World) -> String {
    world.query_filtered::<&EditableText, With<C>>().iter(world).next().map(|b| b.value().to_string()).unwrap_or_default()
}

/// Keys: while a box has them, Enter or Esc give them back (Enter in the words box keeps the
/// words); otherwise digits rate, arrows move between dimensions, Enter submits or moves on.
fn keys(world: &mut World) {
    let keys = world.resource::<ButtonInput<KeyCode>>();
    // Most frames bring no key: nothing to look up.
    if keys.get_just_pressed().next().is_none() {
        return;
    }
    let pressed = |k: KeyCode| keys.just_pressed(k);
    let enter = pressed(KeyCode::Enter) || pressed(KeyCode::NumpadEnter);
    let escape = pressed(KeyCode::Escape);
    let digit = super::digit_pressed(keys).filter(|d| *d < usize::from(LEVELS));
    let (up, down, skip) = (pressed(KeyCode::ArrowUp), pressed(KeyCode::ArrowDown), pressed(KeyCode::KeyS));
    let (focus_comment, focus_words) = (pressed(KeyCode::KeyC), pressed(KeyCode::KeyT));
    let (play_line, play_answer, clear) = (pressed(KeyCode::KeyP), pressed(KeyCode::KeyA), pressed(KeyCode::Backspace) || pressed(KeyCode::Delete));
    let focused = world.get_resource::<InputFocus>().and_then(InputFocus::get);
    let (comment, words) = (box_entity::<CommentBox>(world), box_entity::<WordsBox>(world));
    if focused.is_some() && (focused == comment || focused == words) {
        if enter && focused == words {
            keep_words(world);
        }
        if enter || escape {
            world.resource_mut::<InputFocus>().clear();
            if focused == words {
                world.resource_mut::<Reviewing>().typing = false;
            }
        }
        return;
    }
    if escape {
        world.resource_mut::<NextState<Screen>>().set(Screen::Title);
        return;
    }
    let revealed = world.resource::<Reviewing>().card.as_ref().is_some_and(|c| c.revealed.is_some());
    if play_line || play_answer {
        play(world, play_line, false);
    }
    if revealed {
        if enter {
            let next = world.resource::<Reviewing>().index + 1;
            world.resource_mut::<Reviewing>().message.clear();
            open(world, next);
        }
        return;
    }
    let focus_on = |world: &mut World, entity: Option<Entity>| {
        if let (Some(e), Some(mut focus)) = (entity, world.get_resource_mut::<InputFocus>()) {
            focus.set(e, FocusCause::Navigated);
        }
    };
    let spoken_untyped = world.resource::<Reviewing>().card.as_ref().is_some_and(wordable);
    if focus_comment {
        focus_on(world, comment);
    } else if focus_words && spoken_untyped {
        world.resource_mut::<Reviewing>().typing = true;
    } else if let Some(d) = digit {
        let mut r = world.resource_mut::<Reviewing>();
        let at = r.dimension;
        r.levels[at] = Some(d as u8 + 1);
        r.dimension = (at + 1).min(Dimension::ALL.len() - 1);
    } else if up || down {
        let mut r = world.resource_mut::<Reviewing>();
        r.dimension = if up { r.dimension.saturating_sub(1) } else { (r.dimension + 1).min(Dimension::ALL.len() - 1) };
    } else if clear {
        let mut r = world.resource_mut::<Reviewing>();
        let at = r.dimension;
        r.levels[at] = None;
    } else if skip {
        let next = world.resource::<Reviewing>().index + 1;
        open(world, next);
    } else if enter {
        submit(world);
    }
}

/// Keeps the rating and reveals the automatic score and the other ratings.
fn submit(world: &mut World) {
    let comment = box_text::<CommentBox>(world);
    let levels = world.resource::<Reviewing>().levels;
    let given = Given { levels, comment, lead: false };
    act_on_card(world, "Rating kept.", |store, session, turn, reviewer| review::rate(store, session, turn, reviewer, &given));
}

/// Keeps the words typed for a spoken answer: the turn is scored on them (shown only once rated).
fn keep_words(world: &mut World) {
    let words = box_text::<WordsBox>(world);
    act_on_card(world, "Words kept; the answer is scored on them.", |store, session, turn, reviewer| {
        review::transcribe(store, session, turn, reviewer, &words)?;
        review::card(store, session, turn, reviewer)
    });
}

/// Does `action` to the answer on screen in the results store; the card it returns replaces
/// the one shown and `done` is said, or why not.
fn act_on_card(world: &mut World, done: &str, action: impl FnOnce(&crate::store::Store, i64, usize, &str) -> Result<Card, review::ReviewError>) {
    let r = world.resource::<Reviewing>();
    let Some(card) = &r.card else { return };
    let (session, turn, reviewer) = (card.session.id, card.turn, r.reviewer.clone());
    let outcome = match world.get_non_send::<Results>() {
        Some(results) => action(&results.store, session, turn, &reviewer).map_err(|e| e.to_string()),
        None => Err("the results database is not open".to_string()),
    };
    let mut r = world.resource_mut::<Reviewing>();
    match outcome {
        Ok(card) => {
            r.card = Some(card);
            r.message = done.to_string();
            r.kept = true;
        }
        Err(why) => (r.message, r.kept) = (why, false),
    }
}

/// Plays the customer's line (`line`) or the answer's recording, where there is one; unless
/// `quiet`, says so when there is none.
fn play(world: &mut World, line: bool, quiet: bool) {
    let Some(card) = &world.resource::<Reviewing>().card else { return };
    let path = if line {
        let pack = Path::new(&card.session.scenario_path).parent().map(Path::to_path_buf).unwrap_or_default();
        card.customer.iter().rev().find_map(|l| l.audio.as_ref()).map(|a| pack.join(a))
    } else {
        card.recording()
    };
    let Some(path) = path else {
        if !quiet {
            world.resource_mut::<Reviewing>().message = if line { "The customer's line has no recording." } else { "This answer has no recording." }.into();
        }
        return;
    };
    match std::fs::read(&path) {
        Ok(bytes) => {
            if let Some(mut sources) = world.get_resource_mut::<Assets<AudioSource>>() {
                let sound = crate::gui::sound(&mut sources, bytes, Screen::Review);
                world.spawn(sound);
            }
        }
        Err(e) => world.resource_mut::<Reviewing>().message = format!("cannot play {}: {e}", path.display()),
    }
}
