//! Which colour each strategy gets, the same in every chart of every
//! experiment: the four presets keep their own palette colour wherever they
//! appear in the strategy list (`open` blue, `guarded` orange, `mirroring`
//! bluish green, `probing` reddish purple), and custom strategies take the
//! remaining palette colours in the order they are listed.

/// The presets, in the order of their palette colours (indices 0 to 3 of
/// `negsim_chart::STRATEGY_PALETTE`).
pub const PRESET_COLORS: [&str; 4] = ["open", "guarded", "mirroring", "probing"];

/// The palette index of every strategy of `names` (a run's strategy list):
/// a preset's own index, then 4, 5, ... for the others in list order.
pub fn color_indices<S: AsRef<str>>(names: &[S]) -> Vec<usize> {
    let mut next = PRESET_COLORS.len();
    names
        .iter()
        .map(
            |n| match PRESET_COLORS.iter().position(|p| *p == n.as_ref()) {
                Some(i) => i,
                None => {
                    next += 1;
                    next - 1
                }
            },
        )
        .collect()
}

/// The palette index of `name` among the strategies `names` (the colour of
/// a custom strategy depends on the others listed); a name not in the list
/// gets its preset colour, or the first colour past the list.
pub fn color_index<S: AsRef<str>>(names: &[S], name: &str) -> usize {
    match names.iter().position(|n| n.as_ref() == name) {
        Some(i) => color_indices(names)[i],
        None => PRESET_COLORS
            .iter()
            .position(|p| *p == name)
            .unwrap_or(PRESET_COLORS.len() + names.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_keep_their_colour_in_any_order() {
        assert_eq!(
            color_indices(&["open", "guarded", "mirroring", "probing"]),
            [0, 1, 2, 3]
        );
        assert_eq!(color_indices(&["probing", "open"]), [3, 0]);
        assert_eq!(color_indices(&["guarded", "mirroring", "open"]), [1, 2, 0]);
    }

    #[test]
    fn custom_strategies_take_the_remaining_colours_in_order() {
        assert_eq!(
            color_indices(&["open", "soft-prober", "probing", "tit-for-tat"]),
            [0, 4, 3, 5]
        );
        assert_eq!(color_index(&["open", "soft-prober"], "soft-prober"), 4);
        assert_eq!(color_index(&["open", "soft-prober"], "probing"), 3);
        assert_eq!(color_index(&["open", "soft-prober"], "unknown"), 6);
    }
}
