//! Screens taller than the window scroll: at 200% text in an 800x600 window the title's options
//! and the settings run below the bottom edge. The wheel and Page Up/Down scroll the screen
//! where no list of its own takes them ([`OwnScrolling`]: the call's conversation takes both,
//! the debrief's transcript the wheel), a control that takes the keys is scrolled
//! into view on every screen, and a bar at the right edge shows where the window is in a screen
//! that is taller than it (Bevy's scrollbar widget: its thumb can be dragged).

use bevy::input::mouse::MouseWheel;
use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::ui::UiSystems;
use bevy::ui_widgets::{ControlOrientation, Scrollbar, ScrollbarThumb};

use super::theme;

/// What scrolling a column reads and moves: where it is scrolled to, its size and place on
/// screen, and whether it scrolls at all.
type Column<'a> = (&'a mut ScrollPosition, &'a ComputedNode, &'a UiGlobalTransform, &'a Node);

/// A screen's root: the column that scrolls when the screen is taller than the window.
#[derive(Component)]
pub struct ScreenRoot;

/// A list inside a screen that scrolls itself (the call's conversation, the debrief's
/// transcript), saying which of the screen's scrolling inputs it takes for its own.
#[derive(Component, Clone, Copy)]
pub struct OwnScrolling {
    /// The wheel.
    pub wheel: bool,
    /// Page Up and Page Down.
    pub page_keys: bool,
}

/// How far one notch of the wheel scrolls, in logical pixels (as the screens' own lists do).
const WHEEL_STEP: f32 = 40.0;

/// The wheel and Page keys where no list takes them; the control with the keys in view, once
/// the layout knows where it is (a box shown this frame has no place before).
pub fn plugin(app: &mut App) {
    app.add_systems(Update, scroll_screen)
        .add_systems(PostUpdate, (add_scrollbars, remove_scrollbars).before(UiSystems::Layout))
        .add_systems(PostUpdate, (reveal_focused.run_if(resource_changed::<InputFocus>), show_scrollbars).after(UiSystems::PostLayout));
}

/// The bar beside a screen root, shown while the screen is taller than the window.
#[derive(Component)]
pub struct ScreenScrollbar;

/// Every new screen root gets its bar: a window-high track at the right edge, over the screen
/// (not inside it, where it would scroll away with what it measures), hidden until needed.
fn add_scrollbars(mut commands: Commands, roots: Query<Entity, Added<ScreenRoot>>) {
    for root in &roots {
        commands.spawn((
            Node { position_type: PositionType::Absolute, right: px(4), top: px(6), bottom: px(6), width: px(8), ..default() },
            Scrollbar { target: root, orientation: ControlOrientation::Vertical, min_thumb_length: 24.0 },
            GlobalZIndex(5),
            Visibility::Hidden,
            ScreenScrollbar,
            children![(ScrollbarThumb { border_radius: BorderRadius::all(px(4)), border: UiRect::ZERO }, BackgroundColor(theme::MUTED))],
        ));
    }
}

/// A screen root gone (its screen left, or rebuilt) takes its bar with it.
fn remove_scrollbars(mut commands: Commands, mut gone: RemovedComponents<ScreenRoot>, bars: Query<(Entity, &Scrollbar), With<ScreenScrollbar>>) {
    for root in gone.read() {
        for (bar, scrollbar) in &bars {
            if scrollbar.target == root {
                commands.entity(bar).despawn();
            }
        }
    }
}

/// A bar shows only while its screen is taller than the window.
fn show_scrollbars(roots: Query<&ComputedNode, With<ScreenRoot>>, mut bars: Query<(&Scrollbar, &mut Visibility), With<ScreenScrollbar>>) {
    for (bar, mut visibility) in &mut bars {
        let taller = roots.get(bar.target).is_ok_and(|n| n.content_size().y > n.size().y + 1.0);
        visibility.set_if_neq(if taller { Visibility::Inherited } else { Visibility::Hidden });
    }
}

/// The control that took the keys (by Tab, or a screen giving them to its text box) is scrolled
/// into view; the next frame shows it there.
fn reveal_focused(focus: Res<InputFocus>, parents: Query<&ChildOf>, mut columns: Query<Column>, placed: Query<(&ComputedNode, &UiGlobalTransform)>) {
    if let Some(entity) = focus.get() {
        into_view(entity, &parents, &mut columns, &placed);
    }
}

/// The wheel and Page Up/Down scroll the screen, each unless a list on it takes it; Page keys by
/// most of what shows.
fn scroll_screen(
    mut wheel: MessageReader<MouseWheel>,
    keys: Res<ButtonInput<KeyCode>>,
    lists: Query<&OwnScrolling>,
    mut roots: Query<(&mut ScrollPosition, Option<&ComputedNode>), With<ScreenRoot>>,
) {
    let notches: f32 = wheel.read().map(|w| -w.y).sum();
    let page = f32::from(i8::from(keys.just_pressed(KeyCode::PageDown)) - i8::from(keys.just_pressed(KeyCode::PageUp)));
    let notches = if lists.iter().any(|l| l.wheel) { 0.0 } else { notches };
    let page = if lists.iter().any(|l| l.page_keys) { 0.0 } else { page };
    if notches == 0.0 && page == 0.0 {
        return;
    }
    for (mut scroll, node) in &mut roots {
        let shown = node.map_or(0.0, |n| n.size.y * n.inverse_scale_factor);
        let by = notches * WHEEL_STEP + page * (shown * 0.8).max(WHEEL_STEP);
        // Past the end is clamped by the layout to the last of the screen.
        scroll.0.y = (scroll.0.y + by).max(0.0);
    }
}

/// How far to scroll so that a control spanning `top..bottom` (measured from the top of the
/// visible part of its scrolling column, `view` high) is wholly in view with `margin` round it:
/// negative scrolls up. A control taller than the view is shown from its top.
fn reveal(top: f32, bottom: f32, view: f32, margin: f32) -> f32 {
    if top < margin || bottom - top + 2.0 * margin > view {
        top - margin
    } else if bottom + margin > view {
        bottom + margin - view
    } else {
        0.0
    }
}

/// Scrolls the nearest scrolling column round `entity` so that all of it shows, by this frame's
/// layout.
fn into_view(
    entity: Entity,
    parents: &Query<&ChildOf>,
    columns: &mut Query<Column>,
    placed: &Query<(&ComputedNode, &UiGlobalTransform)>,
) {
    let Ok((item, at)) = placed.get(entity) else { return };
    let column = parents.iter_ancestors(entity).find(|a| columns.get(*a).is_ok_and(|(_, _, _, n)| n.overflow.y == OverflowAxis::Scroll));
    let Some(column) = column else { return };
    let Ok((mut scroll, view, view_at, _)) = columns.get_mut(column) else { return };
    // Physical pixels on screen; the scroll position is in logical ones.
    let view_top = view_at.translation.y - view.size.y / 2.0;
    let top = at.translation.y - item.size.y / 2.0 - view_top;
    let by = reveal(top, top + item.size.y, view.size.y, 12.0 / view.inverse_scale_factor) * view.inverse_scale_factor;
    if by != 0.0 {
        scroll.0.y = (scroll.0.y + by).max(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_out_of_view_is_scrolled_just_into_it() {
        // In view: nothing moves.
        assert_eq!(reveal(100.0, 150.0, 400.0, 10.0), 0.0);
        // Below the bottom: scrolled down until its bottom and the margin show.
        assert_eq!(reveal(380.0, 430.0, 400.0, 10.0), 40.0);
        // Above the top: scrolled up to its top, less the margin.
        assert_eq!(reveal(-60.0, -10.0, 400.0, 10.0), -70.0);
        // Taller than the view: its top shows.
        assert_eq!(reveal(300.0, 800.0, 400.0, 10.0), 290.0);
    }
}
