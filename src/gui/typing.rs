//! Every key typed into a text box arrives, whatever the frame rate.
//!
//! Bevy 0.19's text input reads the modifier keys as they are at the end of the frame, not as
//! they were when each key came. A Space typed just before Shift (for the capital that follows)
//! in the same frame is taken for Shift+Space and dropped: "sorry the LEGO" became "sorrytheLEGO"
//! when a frame took 45 ms. This observer sees every key in the order it was typed, keeps the
//! modifiers as they were at each, and types what the widget dropped. (The Enter that sends an
//! answer is read after the frame's keys are applied; see the session screen.)

use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::ButtonState;
use bevy::input_focus::FocusedInput;
use bevy::prelude::*;
use bevy::text::{EditableText, TextEdit};

/// The modifier keys held as of the last key event seen, in the order keys were typed.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeldModifiers {
    /// Either Shift.
    pub shift: bool,
    /// Either Control.
    pub control: bool,
    /// Either Alt.
    pub alt: bool,
    /// The Super (Windows, Command) key.
    pub super_key: bool,
}

impl HeldModifiers {
    /// Only Shift, or nothing: what typing a character allows.
    fn types(self) -> bool {
        !self.control && !self.alt && !self.super_key
    }
}

/// The observer and its state.
pub fn plugin(app: &mut App) {
    app.init_resource::<HeldModifiers>().add_observer(keep_every_key);
}

/// Follows the modifiers key by key, and types a character or space the text widget dropped
/// because of a modifier pressed later in the same frame.
fn keep_every_key(
    mut key: On<FocusedInput<KeyboardInput>>,
    mut held: ResMut<HeldModifiers>,
    at_frame_end: Option<Res<ButtonInput<Key>>>,
    mut boxes: Query<&mut EditableText>,
) {
    let input = &key.input;
    let down = input.state.is_pressed();
    let before = *held;
    match input.logical_key {
        Key::Shift => held.shift = down,
        Key::Control => held.control = down,
        Key::Alt => held.alt = down,
        Key::Super | Key::Meta => held.super_key = down,
        _ => {}
    }
    let Ok(mut text) = boxes.get_mut(key.focused_entity) else { return };
    let Some(typed) = input.text.clone().filter(|t| !t.is_empty()) else { return };
    if !down || text.is_composing() || !before.types() {
        return;
    }
    // What the widget saw: the modifiers as the frame ended.
    let pressed = |k: Key| at_frame_end.as_ref().is_some_and(|keys| keys.pressed(k));
    let (shift, others) = (pressed(Key::Shift), pressed(Key::Control) || pressed(Key::Alt) || pressed(Key::Super));
    let widget_typed = match input.logical_key {
        Key::Space => !shift && !others,
        Key::Character(_) | Key::Unidentified(_) => !others,
        _ => true,
    };
    if !widget_typed {
        text.queue_edit(TextEdit::Insert(typed));
        key.propagate(false);
    }
}

/// The key events a keyboard sends for `text`, as winit gives them: a press and a release per
/// key, Shift held around each capital, digits with their own key codes (so a screen sees them
/// as it would from a person). The screenshot tour types with them, and so do the tests.
pub fn keystrokes(window: Entity, text: &str) -> Vec<KeyboardInput> {
    const DIGITS: [KeyCode; 10] = [
        KeyCode::Digit0,
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    let mut out = Vec::new();
    for c in text.chars() {
        let typed = c.to_string();
        let (code, logical) = match c {
            ' ' => (KeyCode::Space, Key::Space),
            _ => (c.to_digit(10).map_or(KeyCode::KeyA, |d| DIGITS[d as usize]), Key::Character(typed.as_str().into())),
        };
        let shift = key_event(window, KeyCode::ShiftLeft, Key::Shift, ButtonState::Pressed, None);
        let shifted = c.is_uppercase() || "?!:\"".contains(c);
        if shifted {
            out.push(shift.clone());
        }
        out.push(key_event(window, code, logical.clone(), ButtonState::Pressed, Some(&typed)));
        out.push(key_event(window, code, logical, ButtonState::Released, None));
        if shifted {
            out.push(KeyboardInput { state: ButtonState::Released, ..shift });
        }
    }
    out
}

/// A key that types nothing (Enter, Tab, Escape), pressed and released.
pub fn key_press(window: Entity, code: KeyCode, logical: Key) -> [KeyboardInput; 2] {
    [ButtonState::Pressed, ButtonState::Released].map(|state| key_event(window, code, logical.clone(), state, None))
}

fn key_event(window: Entity, key_code: KeyCode, logical_key: Key, state: ButtonState, text: Option<&str>) -> KeyboardInput {
    KeyboardInput { key_code, logical_key, state, text: text.map(Into::into), repeat: false, window }
}
