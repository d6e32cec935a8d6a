//! Plain input types of the charts. The simulator fills these in; nothing here depends on
//! negsim. Fractions (deal rate, efficiency, shares, trust) are given in [0, 1] and shown as
//! percentages where the chart says so. NaN values are skipped when drawing.

/// A mean with its 95% confidence interval; any field may be NaN (e.g. when n = 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ci {
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Ci {
    /// A CI from its three values.
    pub fn new(mean: f64, lo: f64, hi: f64) -> Self {
        Self { mean, lo, hi }
    }
    /// All-NaN CI (no observations).
    pub fn missing() -> Self {
        Self::new(f64::NAN, f64::NAN, f64::NAN)
    }
}

/// One bin of runs with similar information asymmetry.
#[derive(Clone, Debug, PartialEq)]
pub struct AsymmetryBin {
    /// Bin centre: the bits A learned about B minus the bits B learned about A (negative
    /// bits: misled), so 0 is symmetric information and positive means A learned more.
    pub center: f64,
    pub runs: u64,
    /// Fraction of the runs with a zone of agreement that ended in a deal (runs without one
    /// cannot, so this is the rate that information can move).
    pub deal_rate_given_zopa: Ci,
    /// Realised joint surplus over the largest possible one.
    pub efficiency: Ci,
    /// Side A's share of the joint surplus.
    pub share_a: Ci,
}

/// Chart 1, the headline: outcomes against information asymmetry.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AsymmetryData {
    pub title: String,
    pub bins: Vec<AsymmetryBin>,
}

/// Chart 2: a strategy x opponent heatmap (`values[row][col]`, rows = the strategy as side
/// "row", columns = the opponent). With `percent` the values are fractions shown as "73%";
/// otherwise they are written with a precision that suits their size ("4,812", "12.3",
/// "0.47"). Missing cells may be NaN or absent.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MatrixData {
    pub title: String,
    pub row_label: String,
    pub col_label: String,
    pub value_label: String,
    pub names: Vec<String>,
    pub values: Vec<Vec<f64>>,
    pub percent: bool,
    /// Smallest span of the colour scale (e.g. four 95% CI half-widths), so that noise
    /// between cells that do not differ is not drawn as a change of colour; 0 for none.
    pub min_span: f64,
}

/// One strategy in the ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct RankingEntry {
    pub name: String,
    /// Position in the run's strategy list (for [`super::strategy_color`]).
    pub color_index: usize,
    pub surplus: Ci,
    /// Fraction of its negotiations that ended in a deal.
    pub deal_rate: f64,
}

/// Chart 3: mean surplus per strategy with 95% CI whiskers, in the given order (best first).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RankingData {
    pub title: String,
    pub y_label: String,
    pub entries: Vec<RankingEntry>,
}

/// Summary of one strategy's distribution (whiskers at the 5th and 95th percentiles).
#[derive(Clone, Debug, PartialEq)]
pub struct BoxStats {
    pub name: String,
    pub color_index: usize,
    pub n: u64,
    pub p05: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub p95: f64,
    pub mean: f64,
}

/// Chart 4: one box plot per strategy (e.g. surplus share in [0, 1]).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DistributionData {
    pub title: String,
    pub y_label: String,
    pub boxes: Vec<BoxStats>,
}

/// One ordered pairing "focal vs opponent" in the information chart.
#[derive(Clone, Debug, PartialEq)]
pub struct InfoPoint {
    pub focal: String,
    pub focal_color: usize,
    pub opponent: String,
    /// Bits the focal side's words gave away (what a fully trusting listener would learn).
    pub bits_given: f64,
    /// Bits the focal side learned about the opponent: the log-score gain about the truth,
    /// negative when it was misled.
    pub bits_learned: f64,
}

/// Chart 5: information given away against information learned.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct InformationData {
    pub title: String,
    pub points: Vec<InfoPoint>,
}

/// A labelled line of (x, y) points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub color_index: usize,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

/// Chart 6: trust (0..1) and disclosure over the runs of a match, one line per pairing.
/// Series with the same label in both panels are the same pairing (same colour and marker).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TrustData {
    pub title: String,
    pub trust: Vec<Series>,
    pub disclosure: Vec<Series>,
}

/// Kinds of events in a trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    Confide,
    Ask,
    Answer,
    Bluff,
    Leak,
    /// A side catches the other in a lie while the other was bluffing.
    DetectedLie,
    /// A side "catches" an honest other in a lie.
    FalseAccusation,
    /// A side ends the negotiation: it believes a deal too unlikely.
    WalkAway,
    Deal,
    NoDeal,
    /// A side declines to answer a question.
    Decline,
}

impl EventKind {
    /// Default short label, used when an event's own label is empty.
    pub fn verb(self) -> &'static str {
        match self {
            EventKind::Confide => "confides",
            EventKind::Ask => "asks",
            EventKind::Answer => "answers",
            EventKind::Bluff => "bluffs",
            EventKind::Leak => "leaks",
            EventKind::DetectedLie => "lie caught",
            EventKind::FalseAccusation => "false accusation",
            EventKind::WalkAway => "walks away",
            EventKind::Deal => "deal",
            EventKind::NoDeal => "no deal",
            EventKind::Decline => "declines",
        }
    }
}

/// One event in a trace. `x` <= 0 places it in the off-the-record zone before round 1;
/// `y` is a price when the event names one (e.g. a bluffed limit), else `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceEvent {
    pub x: f64,
    pub y: Option<f64>,
    /// 'A' (buyer) or 'B' (seller).
    pub side: char,
    pub kind: EventKind,
    pub label: String,
}

/// Chart 7: the trace of one negotiation (A = buyer, B = seller in a price negotiation).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TraceData {
    pub title: String,
    pub y_label: String,
    pub a_name: String,
    pub a_color: usize,
    pub b_name: String,
    pub b_color: usize,
    /// What A and B are ("buyer", "seller"); empty when the sides have no role name.
    pub a_role: String,
    pub b_role: String,
    /// Decimals of the values written on the chart (0 for prices, 2 for utilities).
    pub decimals: usize,
    /// Labels of the limit lines; empty for "A's limit (value X)" and "B's limit (cost X)".
    pub a_limit_label: String,
    pub b_limit_label: String,
    /// The limit A's (B's) claims committed it to, if drawn, and its label (empty for
    /// "A's claimed limit X").
    pub a_claimed: Option<f64>,
    pub a_claimed_label: String,
    pub b_claimed: Option<f64>,
    pub b_claimed_label: String,
    /// How the negotiation ended, for the subtitle (empty: "deal in round R at P" or
    /// "no deal").
    pub outcome: String,
    /// Name of the x axis; empty for "Formal round".
    pub x_label: String,
    /// Legend names of the offer lines; empty for "A's offers (name)" / "B's offers (name)".
    pub a_offers_label: String,
    pub b_offers_label: String,
    /// (round, price) offers made by A.
    pub a_offers: Vec<(f64, f64)>,
    pub b_offers: Vec<(f64, f64)>,
    /// A's reservation value (the most A would pay); NaN: not drawn.
    pub a_limit: f64,
    /// B's reservation cost (the least B would take); NaN: not drawn.
    pub b_limit: f64,
    /// (x, mean, sd): A's belief about B's reservation.
    pub a_belief: Vec<(f64, f64, f64)>,
    /// (x, mean, sd): B's belief about A's reservation.
    pub b_belief: Vec<(f64, f64, f64)>,
    pub events: Vec<TraceEvent>,
    /// Number of off-the-record exchanges before round 1 (the zone spans x in -K..0).
    pub exchange_rounds: u32,
    /// (round, price) of the agreement, if any.
    pub deal: Option<(f64, f64)>,
}

/// One metric panel of a sweep chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub y_label: String,
    pub series: Vec<BandSeries>,
}

/// A line with a 95% CI band: (x, CI) points.
#[derive(Clone, Debug, PartialEq)]
pub struct BandSeries {
    pub label: String,
    pub color_index: usize,
    pub points: Vec<(f64, Ci)>,
}

/// Chart 8: metrics against a swept parameter, one panel per metric.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SweepData {
    pub title: String,
    pub x_label: String,
    pub panels: Vec<Panel>,
    /// Whether the swept parameter takes whole values only (e.g. a number of rounds): the
    /// x axes then get whole-number ticks, never "2.5".
    pub x_integer: bool,
}

/// One strategy's band in the evolution chart.
#[derive(Clone, Debug, PartialEq)]
pub struct StackSeries {
    pub name: String,
    /// Position in the run's strategy list (for [`super::strategy_color`]).
    pub color_index: usize,
    /// Share of the population at each generation (same order as
    /// [`EvolutionData::generations`]), in [0, 1]. Shares are normalised per generation to
    /// sum to 1; NaN (or missing) shares count as 0, and a generation with no positive share
    /// is skipped.
    pub shares: Vec<f64>,
}

/// Chart 9: population shares over the generations of an evolutionary run, stacked (the
/// first strategy at the bottom), one band per strategy.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EvolutionData {
    pub title: String,
    /// Grey line under the title (e.g. the run's settings); empty for none.
    pub subtitle: String,
    /// Generation numbers (x axis); NaN generations are skipped.
    pub generations: Vec<f64>,
    pub strategies: Vec<StackSeries>,
}

/// Chart 10: a heatmap over a two-parameter sweep, `values[row][col]`: rows are the values of
/// the first parameter (drawn top to bottom in the given order), columns those of the second.
/// With `percent` the values are fractions shown as "73%", as in [`MatrixData`]. Missing
/// cells may be NaN or absent.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct GridData {
    pub title: String,
    /// Name of the first parameter (rows).
    pub row_label: String,
    /// Name of the second parameter (columns).
    pub col_label: String,
    /// What the cells show (colour bar title).
    pub value_label: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub values: Vec<Vec<f64>>,
    pub percent: bool,
    /// Smallest span of the colour scale, as in [`MatrixData::min_span`].
    pub min_span: f64,
}

/// The forest plot of paired comparisons: one row per pair of strategies (top first), the
/// difference of their means with its 95% interval, filled where the difference is
/// significant after the multiple-comparison correction.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ComparisonsData {
    pub title: String,
    /// The x axis, e.g. "difference in mean surplus (price units)".
    pub x_label: String,
    pub rows: Vec<ComparisonEntry>,
}

/// One pair of [`ComparisonsData`].
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonEntry {
    /// E.g. "open − guarded".
    pub label: String,
    /// The difference and its 95% interval (NaN bounds: no interval drawn).
    pub difference: Ci,
    /// Significant after the correction (a filled marker); else hollow.
    pub significant: bool,
}

/// One column of the class chart: a strategy (in one seat), the simulated
/// distribution of what its opponents get there, and each student's result.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassColumn {
    /// The simulated distribution (its `name` labels the column, `n` is
    /// the number of students).
    pub reference: BoxStats,
    /// Second label line under the name (e.g. "12 students, as buyers").
    pub note: String,
    /// Each student's result.
    pub students: Vec<StudentMark>,
}

/// A student's play on the class chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StudentMark {
    /// A deal, and the student's share of the joint gain.
    Deal(f64),
    /// A deal at a loss to the student.
    Loss,
    /// No deal, and none was possible (no zone of agreement).
    NoDealPossible,
    /// No deal, though one was possible.
    FailedToAgree,
}

/// The class chart (`negsim class`): per strategy, the simulated
/// distribution as a box, each student as a dot, failures to agree as
/// crosses, deals at a loss as triangles, and plays where no deal was
/// possible apart, below the axis.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ClassData {
    pub title: String,
    pub y_label: String,
    pub columns: Vec<ClassColumn>,
}

/// The asymmetry chart: information asymmetry's effect within each pairing, one row per
/// ordered pairing and one panel per outcome, each a slope (change per bit of asymmetry, with
/// the private values held fixed) with its 95% interval.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct WithinData {
    pub title: String,
    /// What is held fixed and how the intervals are computed.
    pub subtitle: String,
    /// One per panel: its title and x-axis label, e.g. ("Deal rate", "% points per bit").
    pub panels: Vec<(String, String)>,
    pub rows: Vec<WithinEntry>,
}

/// One pairing of [`WithinData`].
#[derive(Clone, Debug, PartialEq)]
pub struct WithinEntry {
    /// E.g. "open / probing".
    pub label: String,
    /// One slope per panel (NaN: not estimated).
    pub slopes: Vec<Ci>,
    /// Why there is no slope (e.g. "no variation in asymmetry"), written across the panels.
    pub note: Option<String>,
}
