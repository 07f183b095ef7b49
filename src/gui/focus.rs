//! Keyboard focus on every screen: Tab and Shift-Tab move between the controls (option rows,
//! buttons, text boxes) in the order they are laid out, a ring shows which one has the keys,
//! Enter presses the button that has them. (A control that takes the keys is scrolled into view:
//! see `gui::scroll`.)
//!
//! The focus is Bevy's own [`InputFocus`], the one the text boxes type into and the screen
//! reader follows. Digits and the screens' other keys work as before; only Tab, and Enter while
//! a button has the keys, are taken here, before any screen reads them.

use bevy::input_focus::{FocusCause, InputFocus, InputFocusVisible};
use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui::UiSystems;

use super::theme;

/// A cover that takes the keys while it is shown (the pause overlay, the branch graph): Tab
/// stays among its controls, and the screen under it is out of reach.
#[derive(Component)]
pub struct Modal;

/// The outline drawn round the control that has the keys.
#[derive(Component)]
struct FocusRing;

/// A button pressed by Enter this frame, released the next.
#[derive(Resource, Default)]
struct PressedByKey(Option<Entity>);

/// The systems: keys after the pointer has set the buttons' state (so a key press is not undone
/// the same frame), the ring after the screens have moved the focus.
pub fn plugin(app: &mut App) {
    app.init_resource::<InputFocus>()
        .init_resource::<InputFocusVisible>()
        .init_resource::<PressedByKey>()
        .add_systems(PreUpdate, (release, keys).chain().after(UiSystems::Focus))
        .add_systems(PostUpdate, show_ring.before(UiSystems::Layout));
}

/// What the walk over the UI tree reads of each node.
type NodeParts<'a> = (Option<&'a Children>, &'a Node, Option<&'a Visibility>, Has<Button>, Has<EditableText>, Has<Modal>);

/// The controls a person can reach now, in layout order (depth first, children in order): those
/// of the topmost shown [`Modal`] if one is up, else every shown button and text box.
fn reachable(roots: &[Entity], nodes: &Query<NodeParts>) -> Vec<Entity> {
    fn walk(entity: Entity, nodes: &Query<NodeParts>, out: &mut Vec<Entity>, modal: &mut Option<Vec<Entity>>) {
        let Ok((children, node, visibility, button, text_box, is_modal)) = nodes.get(entity) else { return };
        if node.display == Display::None || visibility == Some(&Visibility::Hidden) {
            return;
        }
        if is_modal {
            let mut inside = Vec::new();
            for child in children.into_iter().flatten() {
                walk(*child, nodes, &mut inside, modal);
            }
            *modal = Some(inside);
            return;
        }
        if button || text_box {
            out.push(entity);
        }
        for child in children.into_iter().flatten() {
            walk(*child, nodes, out, modal);
        }
    }
    let (mut out, mut modal) = (Vec::new(), None);
    for root in roots {
        walk(*root, nodes, &mut out, &mut modal);
    }
    modal.unwrap_or(out)
}

/// The UI's roots in the order they were spawned.
fn sorted(roots: &Query<Entity, (With<Node>, Without<ChildOf>)>) -> Vec<Entity> {
    let mut roots: Vec<Entity> = roots.iter().collect();
    roots.sort();
    roots
}

/// The control after (or, going back, before) `current`, round the end; the first (or last)
/// where nothing reachable has the keys.
fn next_in(order: &[Entity], current: Option<Entity>, back: bool) -> Option<Entity> {
    let n = order.len();
    if n == 0 {
        return None;
    }
    let at = current.and_then(|c| order.iter().position(|e| *e == c));
    let i = match (at, back) {
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
        (None, false) => 0,
        (None, true) => n - 1,
    };
    Some(order[i])
}

/// Tab and Shift-Tab move the keys; Enter presses the button that has them. A mouse press hides
/// the ring again (it is for people using the keyboard).
fn keys(
    mut keys: ResMut<ButtonInput<KeyCode>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    mut focus: ResMut<InputFocus>,
    mut visible: ResMut<InputFocusVisible>,
    mut pressed: ResMut<PressedByKey>,
    roots: Query<Entity, (With<Node>, Without<ChildOf>)>,
    nodes: Query<NodeParts>,
    mut buttons: Query<&mut Interaction, With<Button>>,
) {
    if mouse.is_some_and(|m| m.get_just_pressed().next().is_some()) && visible.0 {
        visible.0 = false;
    }
    if keys.just_pressed(KeyCode::Tab) {
        keys.clear_just_pressed(KeyCode::Tab);
        let order = reachable(&sorted(&roots), &nodes);
        let back = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
        if let Some(next) = next_in(&order, focus.get(), back) {
            focus.set(next, FocusCause::Navigated);
            visible.0 = true;
        }
        return;
    }
    if !keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]) {
        return;
    }
    let Some((button, mut interaction)) = focus.get().and_then(|b| buttons.get_mut(b).ok().map(|i| (b, i))) else { return };
    // Only a button in reach: not one hidden, nor one under the pause overlay (there Enter is
    // the overlay's).
    if !reachable(&sorted(&roots), &nodes).contains(&button) {
        return;
    }
    keys.clear_just_pressed(KeyCode::Enter);
    keys.clear_just_pressed(KeyCode::NumpadEnter);
    // Written even when it already reads Pressed, so the screens see a fresh press.
    *interaction = Interaction::Pressed;
    pressed.0 = Some(button);
}

/// The button Enter pressed last frame lets go (the pointer's own presses are the UI's to end).
fn release(mut pressed: ResMut<PressedByKey>, mut buttons: Query<&mut Interaction, With<Button>>) {
    if let Some(button) = pressed.0.take() {
        if let Ok(mut interaction) = buttons.get_mut(button) {
            interaction.set_if_neq(Interaction::None);
        }
    }
}

/// The ring follows the keys while they are moved by keyboard.
fn show_ring(
    mut commands: Commands,
    focus: Res<InputFocus>,
    visible: Res<InputFocusVisible>,
    preferences: Res<super::Preferences>,
    rings: Query<Entity, With<FocusRing>>,
    nodes: Query<(), With<Node>>,
) {
    if !(focus.is_changed() || visible.is_changed() || preferences.is_changed()) {
        return;
    }
    let wanted = focus.get().filter(|e| visible.0 && nodes.contains(*e));
    for entity in &rings {
        if Some(entity) != wanted || preferences.is_changed() {
            commands.entity(entity).remove::<(Outline, FocusRing)>();
        }
    }
    if let Some(entity) = wanted {
        let colour = theme::in_contrast(theme::ACCENT, preferences.0.high_contrast);
        commands.entity(entity).try_insert((Outline::new(px(3), px(2), colour), FocusRing));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_goes_round_the_controls_both_ways() {
        let order: Vec<Entity> = (1..=3).map(Entity::from_raw_u32).map(Option::unwrap).collect();
        assert_eq!(next_in(&order, None, false), Some(order[0]), "Tab starts at the first control");
        assert_eq!(next_in(&order, None, true), Some(order[2]), "Shift-Tab starts at the last");
        assert_eq!(next_in(&order, Some(order[0]), false), Some(order[1]));
        assert_eq!(next_in(&order, Some(order[2]), false), Some(order[0]), "round the end");
        assert_eq!(next_in(&order, Some(order[0]), true), Some(order[2]), "round the start");
        let gone = Entity::from_raw_u32(9).unwrap();
        assert_eq!(next_in(&order, Some(gone), false), Some(order[0]), "a control no longer shown counts as none");
        assert_eq!(next_in(&[], None, false), None);
    }
}
