//! Every key typed into a text box arrives, whatever the frame rate.
//!
//! Bevy 0.19's text input reads the modifier keys as they are at the end of the frame, not as
//! they were when each key came. A Space typed just before Shift (for the capital that follows)
//! in the same frame is taken for Shift+Space and dropped: "sorry the LEGO" became "sorrytheLEGO"
//! when a frame took 45 ms. This observer sees every key in the order it was typed, keeps the
//! modifiers as they were at each, and types what the widget dropped. (The Enter that sends an
//! answer is read after the frame's keys are applied; see the session screen.)

use bevy::input::keyboard::{Key, KeyboardInput};
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
