//! Screen readers. Bevy keeps an AccessKit tree of the window (`AccessibilityNode` per entity),
//! which the `accesskit_unix` feature hands to Linux screen readers (Orca) over AT-SPI. Bevy
//! names a button only when its text is a direct child, and reads `Label` texts only when
//! spawned; here every text is a label whose value follows the text, every control with an
//! [`AccessibleLabel`] is named by it (a button, or a text box with its words as the value), and
//! every button without one is named by all the text inside it.

use accesskit::{Node, Role};
use bevy::a11y::{AccessibilityNode, AccessibilitySystems};
use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui::UiSystems;

/// The systems that keep the tree's roles, labels and values up to date.
pub fn plugin(app: &mut App) {
    app.add_systems(PostUpdate, (texts, controls, text_boxes).chain().after(UiSystems::PostLayout).before(AccessibilitySystems::Update));
}

/// Sets `role`, keeping the rest of the node, inserting one where there is none.
fn node_of<'a>(commands: &mut Commands, entity: Entity, existing: Option<Mut<'a, AccessibilityNode>>, role: Role, set: impl FnOnce(&mut Node)) {
    match existing {
        Some(mut a) => {
            a.set_role(role);
            set(&mut a);
        }
        None => {
            let mut node = Node::new(role);
            set(&mut node);
            commands.entity(entity).try_insert(AccessibilityNode::from(node));
        }
    }
}

/// Every text on screen is a label with its words as the value.
fn texts(mut commands: Commands, mut shown: Query<(Entity, &Text, Option<&mut AccessibilityNode>), (Changed<Text>, Without<EditableText>)>) {
    for (entity, text, node) in &mut shown {
        let words = text.0.clone();
        node_of(&mut commands, entity, node, Role::Label, |n| n.set_value(words));
    }
}

/// All the text inside an entity, in order, for a button's name.
fn words_inside(entity: Entity, children: &Query<&Children>, texts: &Query<&Text>) -> String {
    let mut out = Vec::new();
    for e in std::iter::once(entity).chain(children.iter_descendants(entity)) {
        if let Ok(t) = texts.get(e) {
            if !t.0.trim().is_empty() {
                out.push(t.0.trim().to_string());
            }
        }
    }
    out.join(" ")
}

/// Buttons are named: by their [`AccessibleLabel`], else by the text inside them (after Bevy,
/// which names a button only by text directly under it and clears the name otherwise).
fn controls(
    mut commands: Commands,
    mut buttons: Query<(Entity, Option<&AccessibleLabel>, Option<&mut AccessibilityNode>), (With<Button>, Or<(Changed<Button>, Changed<AccessibleLabel>)>)>,
    children: Query<&Children>,
    texts: Query<&Text>,
) {
    for (entity, label, node) in &mut buttons {
        let name = label.map_or_else(|| words_inside(entity, &children, &texts), |l| l.0.clone());
        node_of(&mut commands, entity, node, Role::Button, |n| n.set_label(name));
    }
}

/// Text boxes: a text input (several lines where the box shows several) named by its
/// [`AccessibleLabel`], with the words typed as its value.
fn text_boxes(mut commands: Commands, mut boxes: Query<(Entity, &EditableText, Option<&AccessibleLabel>, Option<&mut AccessibilityNode>), Or<(Changed<EditableText>, Changed<AccessibleLabel>)>>) {
    for (entity, edit, label, node) in &mut boxes {
        let role = if edit.visible_lines.is_some_and(|l| l > 1.0) { Role::MultilineTextInput } else { Role::TextInput };
        let name = label.map_or_else(|| "text box".to_string(), |l| l.0.clone());
        let value = edit.value().to_string();
        node_of(&mut commands, entity, node, role, |n| {
            n.set_label(name);
            n.set_value(value);
        });
    }
}
