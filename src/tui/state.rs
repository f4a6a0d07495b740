//! Interactive UI state. Plain data: `update` changes it, views read it.

use ratatui::layout::Rect;
use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

use super::action::Screen;
use super::field::Field;
use super::keymap::Context;
use super::theme::Theme;
use crate::catalog::Catalog;
use crate::search::{Filter, Hit, Kind, Searcher};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailTab {
    Overview,
    Origins,
    Duties,
    Tools,
    Questions,
}

impl DetailTab {
    pub const ALL: [DetailTab; 5] = [
        DetailTab::Overview,
        DetailTab::Origins,
        DetailTab::Duties,
        DetailTab::Tools,
        DetailTab::Questions,
    ];

    pub fn title(self) -> &'static str {
        match self {
            DetailTab::Overview => "Overview",
            DetailTab::Origins => "Origins",
            DetailTab::Duties => "Duties",
            DetailTab::Tools => "Tools",
            DetailTab::Questions => "Questions",
        }
    }

    pub fn step(self, forward: bool) -> DetailTab {
        let i = DetailTab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let n = DetailTab::ALL.len();
        DetailTab::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// A value derived from state, kept until what it was made from changes:
/// how views stay cheap (and pure) while the costly part is prepared once.
#[derive(Debug)]
pub struct Cached<K, V> {
    key: Option<K>,
    pub value: V,
}

impl<K, V: Default> Default for Cached<K, V> {
    fn default() -> Self {
        Cached {
            key: None,
            value: V::default(),
        }
    }
}

impl<K: PartialEq, V> Cached<K, V> {
    /// Remakes the value only when `key` differs from the last one; true
    /// when it did.
    pub fn refresh(&mut self, key: K, make: impl FnOnce() -> V) -> bool {
        if self.key.as_ref() == Some(&key) {
            return false;
        }
        self.value = make();
        self.key = Some(key);
        true
    }

    /// Whether the value was made from `key`.
    pub fn fresh(&self, key: &K) -> bool {
        self.key.as_ref() == Some(key)
    }

    pub fn set(&mut self, key: K, value: V) {
        self.key = Some(key);
        self.value = value;
    }
}

/// A scrollable pane's position, clamped against the last layout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub offset: usize,
    /// Content height and viewport height at the last draw.
    pub content: usize,
    pub viewport: usize,
}

impl Scroll {
    pub fn max(&self) -> usize {
        self.content.saturating_sub(self.viewport)
    }
    pub fn by(&mut self, delta: isize) {
        self.offset = self.offset.saturating_add_signed(delta).min(self.max());
    }
    pub fn page(&self) -> isize {
        self.viewport.saturating_sub(1).max(1) as isize
    }
    pub fn clamp(&mut self) {
        self.offset = self.offset.min(self.max());
    }
}

/// A list selection kept in range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    pub index: usize,
    /// First visible row, kept by the layout so the selection stays on screen.
    pub offset: usize,
}

impl Selection {
    pub fn move_by(&mut self, delta: isize, len: usize) {
        self.index = if len == 0 {
            0
        } else {
            self.index.saturating_add_signed(delta).min(len - 1)
        };
    }
    pub fn clamp(&mut self, len: usize) {
        self.move_by(0, len);
    }
    /// The offset that shows `index` in a viewport of `height` rows.
    pub fn visible_offset(&mut self, height: usize) -> usize {
        if height == 0 {
            return self.offset;
        }
        if self.index < self.offset {
            self.offset = self.index;
        } else if self.index >= self.offset + height {
            self.offset = self.index + 1 - height;
        }
        self.offset
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RolesFocus {
    List,
    Detail,
}

/// What a detail item is, for Enter (and for finding it after a jump).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemTarget {
    Origin(usize),
    Duty(usize),
    /// A tool, by catalog index.
    Tool(usize),
    Question(usize),
}

/// One item of a list-like detail tab as the last layout placed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetailItem {
    /// Its first line and the line after its last.
    pub start: usize,
    pub end: usize,
    pub target: ItemTarget,
}

#[derive(Debug)]
pub struct RolesState {
    pub list: Selection,
    pub focus: RolesFocus,
    pub tab: DetailTab,
    pub scroll: Scroll,
    /// The detail cursor: a position among `items`, in screen order.
    pub cursor: usize,
    /// Bring the cursor's item into view at the next draw.
    pub follow: bool,
    /// After a jump from search or tools: the item to put the cursor on
    /// at the next draw (its position is known only once laid out).
    pub want: Option<ItemTarget>,
    /// The current tab laid out at the current width: its lines, its items
    /// and where its paragraphs start (see `layout.rs`).
    pub detail: Cached<DetailKey, Detail>,
    /// The paragraph at the top of the view: after a resize the view starts
    /// at that paragraph again instead of wherever the old line number lands
    /// in the new wrapping.
    pub top_block: usize,
    pub reflow: bool,
    /// The list's rows: a tier heading (`None`) where the tier changes, then
    /// its roles, as `roledex roles` prints them.
    pub rows: Vec<Option<usize>>,
    /// The list pane's width, from the longest title.
    pub list_width: u16,
    /// The list's filter, and whether it has the keyboard.
    pub filter: Field,
    pub filtering: bool,
    /// Each role's names lowercased and joined, built on the first filter key.
    pub haystacks: Vec<String>,
}

/// What a laid-out detail tab depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetailKey {
    pub role: usize,
    pub tab: DetailTab,
    pub width: usize,
    pub cursor: Option<usize>,
}

/// One tab laid out: its lines, its items (list-like tabs) and where its
/// paragraphs start.
#[derive(Debug, Default)]
pub struct Detail {
    pub lines: Vec<Line<'static>>,
    pub items: Vec<DetailItem>,
    pub blocks: Vec<usize>,
}

impl RolesState {
    pub fn current_item(&self) -> Option<DetailItem> {
        self.detail.value.items.get(self.cursor).copied()
    }

    pub fn items(&self) -> &[DetailItem] {
        &self.detail.value.items
    }
}

#[derive(Debug)]
pub struct CompareState {
    pub roles: Vec<usize>,
    pub focus: usize,
    pub scroll: Scroll,
    /// The role picker, while open: fuzzy-find a role for the focused column.
    pub picker: Option<Picker>,
    /// The comparison laid out for the columns shown (or why it cannot be).
    pub table: Cached<CompareKey, Result<CompareTable, String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareKey {
    pub roles: Vec<usize>,
    pub shown: std::ops::Range<usize>,
    pub col_w: usize,
    pub width: usize,
}

/// The comparison's physical lines: one full-width line, or one cell per
/// shown column (cells padded so rows line up).
pub type CompareTable = Vec<Vec<Option<Line<'static>>>>;

#[derive(Debug, Default)]
pub struct Picker {
    pub query: Field,
    /// Role indices matching the query, best first.
    pub matches: Vec<usize>,
    pub list: Selection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldFocus {
    Input,
    List,
}

pub struct SearchState {
    pub query: Field,
    pub focus: FieldFocus,
    pub kind: Option<Kind>,
    pub role: Option<usize>,
    pub hits: Vec<Hit>,
    /// Which of `hits` are highlighted: only the rows shown are (see
    /// `layout`), as they come into view.
    pub marked: Vec<bool>,
    pub list: Selection,
    pub searcher: Searcher,
}

impl SearchState {
    /// Highlights the hits of `rows` not highlighted yet.
    pub fn mark(&mut self, corpus: &crate::search::Corpus, rows: std::ops::Range<usize>) {
        let end = rows.end.min(self.hits.len());
        let start = rows.start.min(end);
        self.marked.resize(self.hits.len(), false);
        let todo = self.hits[start..end]
            .iter_mut()
            .zip(&mut self.marked[start..end])
            .filter(|(_, m)| !**m)
            .map(|(h, m)| {
                *m = true;
                h
            });
        self.searcher.mark(corpus, todo);
    }

    pub fn filter(&self) -> Filter {
        Filter {
            kind: self.kind,
            role: self.role,
        }
    }
}

#[derive(Debug)]
pub struct ToolsState {
    pub filter: Field,
    pub focus: FieldFocus,
    /// Tool indices matching the filter, in display order (grouped by
    /// category, concepts last: see `content::display_order`).
    pub matches: Vec<usize>,
    /// Where each group of `matches` starts (the list draws a heading
    /// there), kept with it so a frame costs the rows drawn, not the list.
    pub group_starts: Vec<usize>,
    /// Every tool's group, computed once: regrouping on each filter key.
    pub grouping: crate::content::Grouping,
    /// Each tool's name, id, category and aliases, lowercased and joined;
    /// built on the first filter key.
    pub haystacks: Vec<String>,
    /// The last filter's terms and the tools it matched, ascending: a
    /// filter that narrows it (each term extended, more terms) searches
    /// only those, as typing does key after key.
    pub narrowed: Option<(Vec<String>, Vec<usize>)>,
    pub list: Selection,
    /// Selected role among those using the selected tool.
    pub role: Selection,
}

#[derive(Debug)]
pub struct AnalyzeState {
    pub text: Field,
    pub focus: FieldFocus,
    /// The ad pane's position. It follows the cursor after an edit
    /// (`follow`), and stays where PgUp/PgDn or the wheel put it.
    pub ad_scroll: Scroll,
    pub follow: bool,
    /// The text is a file path being typed: not read until Ctrl-O.
    pub path_like: bool,
    pub report: Option<crate::analyze::Analysis>,
    /// The text changed since `report` was made; re-read when typing pauses.
    pub stale: bool,
    pub error: Option<String>,
    pub scroll: Scroll,
    /// The reader for `App::catalog`, built once on a worker thread as the
    /// app starts: with content 1000 times the shipped size that takes over
    /// a second, which the UI thread must never wait for.
    pub reader: ReaderSlot,
    /// A file is being read on a worker thread (Ctrl-O).
    pub loading: bool,
    /// The selected score bar (0: the most probable), whose evidence for
    /// and against the reading shows.
    pub bar: usize,
    /// Counts changes to `report`, `error` and `path_like`: the key of the
    /// prepared reading.
    pub rev: u64,
    /// The ad laid out (its lines and the cursor's line).
    pub ad: Cached<AdKey, (Vec<Line<'static>>, usize)>,
    /// The reading laid out.
    pub reading: Cached<ReadingKey, Vec<Line<'static>>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdKey {
    pub text_len: usize,
    pub text_hash: u64,
    pub cursor: Option<usize>,
    pub width: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingKey {
    pub rev: u64,
    pub width: usize,
    pub stale: bool,
    pub waiting: bool,
    pub spinner: usize,
    pub bar: usize,
}

/// The job-ad reader, being built or ready.
#[derive(Debug)]
pub enum ReaderSlot {
    Building(std::sync::mpsc::Receiver<crate::analyze::Reader>),
    Ready(Box<crate::analyze::Reader>),
    /// The worker died (it cannot, short of a bug): reading is off.
    Failed,
}

impl ReaderSlot {
    /// Starts the build; `wake` tells the event loop when it is done.
    pub fn start(
        catalog: std::sync::Arc<Catalog>,
        wake: std::sync::mpsc::Sender<super::inbox::Msg>,
    ) -> ReaderSlot {
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = super::background::spawn("roledex-reader", move || {
            let _ = tx.send(crate::analyze::Reader::new(&catalog));
            let _ = wake.send(super::inbox::Msg::Done(super::action::Action::ReaderReady));
        });
        match spawned {
            Ok(_) => ReaderSlot::Building(rx),
            Err(_) => ReaderSlot::Failed,
        }
    }

    /// The reader, once built; never blocks.
    pub fn get(&mut self) -> Option<&crate::analyze::Reader> {
        if let ReaderSlot::Building(rx) = self {
            match rx.try_recv() {
                Ok(r) => *self = ReaderSlot::Ready(Box::new(r)),
                Err(std::sync::mpsc::TryRecvError::Empty) => return None,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => *self = ReaderSlot::Failed,
            }
        }
        match self {
            ReaderSlot::Ready(r) => Some(r),
            _ => None,
        }
    }

    /// Blocks until the reader is built: for tests, screenshots and
    /// benchmarks, which need a reading at once. The UI never calls it.
    pub fn wait(&mut self) {
        if let ReaderSlot::Building(rx) = self {
            *self = match rx.recv() {
                Ok(r) => ReaderSlot::Ready(Box::new(r)),
                Err(_) => ReaderSlot::Failed,
            };
        }
    }

    pub fn is_building(&self) -> bool {
        matches!(self, ReaderSlot::Building(_))
    }
}

/// Screen areas from the last layout, for mouse hit-testing.
#[derive(Debug, Default, Clone)]
pub struct HitMap {
    pub tabs: Vec<(Rect, super::action::Screen)>,
    /// A list's area and the first item index shown in its top row.
    pub list: Option<(Rect, usize)>,
    /// For a list with heading rows (Tools), the item shown on each row of
    /// `list`'s area, `None` on a heading; empty when rows are items.
    pub list_rows: Vec<Option<usize>>,
    pub detail: Option<Rect>,
    /// The Roles list's visible rows: a role index, or `None` for a tier
    /// heading.
    pub roles_rows: Vec<Option<usize>>,
    pub detail_tabs: Vec<(Rect, DetailTab)>,
}

pub struct App {
    /// Shared with the reader's worker thread.
    pub catalog: std::sync::Arc<Catalog>,
    pub theme: Theme,
    pub mouse: bool,
    pub screen: Screen,
    /// Where `Esc` returns to from a screen reached by a jump or `/`.
    pub back: Vec<Screen>,
    /// Screens left by `Esc`, for `Backspace`/Alt-→ to return to.
    pub forward: Vec<Screen>,
    pub help: Option<Scroll>,
    /// The help overlay's lines, laid out for the keys underneath.
    pub help_lines: Vec<Line<'static>>,
    pub quit: bool,
    /// The terminal's size, from `Action::Resize`: everything is laid out
    /// for it in `update`, so drawing only paints.
    pub size: Rect,
    /// Terminal events and finished work, for the event loop.
    pub inbox: super::inbox::Inbox,
    /// Frames of the "working" animation, advanced by `Action::Tick`.
    pub spinner: usize,
    /// A transient message for the status line.
    pub status: Option<String>,
    /// Content problems found at start-up (headlines), shown in the status line.
    pub warnings: Vec<String>,
    /// A problem with the settings file (not content: `validate` does not
    /// check it), shown in the status line before content problems.
    pub config_warning: Option<String>,
    /// Exports and URL openings in flight (for `update::finish_work`).
    pub jobs: usize,
    /// Where `e` writes exports; the working folder when `None`.
    pub export_dir: Option<std::path::PathBuf>,
    /// Where exports go when `export_dir` cannot be written (the OS data
    /// folder for roledex); none: the error is shown.
    pub export_fallback: Option<std::path::PathBuf>,
    /// Text to put on the clipboard (OSC 52) after the next frame.
    pub clipboard: Option<String>,
    pub roles: RolesState,
    pub compare: CompareState,
    pub search: SearchState,
    pub tools: ToolsState,
    pub analyze: AnalyzeState,
    pub hit: HitMap,
}

impl App {
    pub fn new(catalog: Catalog, theme: Theme) -> App {
        let catalog = std::sync::Arc::new(catalog);
        // The article's comparison by default; fall back to the first roles
        // when a content pack lacks them.
        let mut defaults: Vec<usize> = ["devops", "platform", "infrastructure"]
            .iter()
            .filter_map(|id| catalog.role_index(id))
            .collect();
        if defaults.len() < 2 {
            defaults = (0..catalog.roles.len().min(3)).collect();
        }
        let grouping = crate::content::Grouping::new(&catalog.tools);
        let inbox = super::inbox::Inbox::default();
        let all_tools = grouping.group(0..catalog.tools.len());
        App {
            theme,
            mouse: true,
            screen: Screen::Roles,
            back: Vec::new(),
            forward: Vec::new(),
            help: None,
            help_lines: Vec::new(),
            quit: false,
            size: Rect::default(),
            spinner: 0,
            status: None,
            warnings: Vec::new(),
            config_warning: None,
            clipboard: None,
            export_dir: None,
            export_fallback: None,
            jobs: 0,
            roles: RolesState {
                list: Selection::default(),
                focus: RolesFocus::List,
                tab: DetailTab::Overview,
                scroll: Scroll::default(),
                cursor: 0,
                follow: false,
                want: None,
                detail: Cached::default(),
                top_block: 0,
                reflow: false,
                rows: role_rows(&catalog, |_| true),
                list_width: list_width(&catalog),
                filter: Field::default(),
                filtering: false,
                haystacks: Vec::new(),
            },
            compare: CompareState {
                roles: defaults,
                focus: 0,
                scroll: Scroll::default(),
                picker: None,
                table: Cached {
                    key: None,
                    value: Ok(Vec::new()),
                },
            },
            search: SearchState {
                query: Field::default(),
                focus: FieldFocus::Input,
                kind: None,
                role: None,
                hits: Vec::new(),
                marked: Vec::new(),
                list: Selection::default(),
                searcher: Searcher::indexed(catalog.corpus()),
            },
            tools: ToolsState {
                filter: Field::default(),
                focus: FieldFocus::Input,
                matches: all_tools.order,
                group_starts: all_tools.starts,
                grouping,
                haystacks: Vec::new(),
                narrowed: None,
                list: Selection::default(),
                role: Selection::default(),
            },
            analyze: AnalyzeState {
                text: Field::default(),
                focus: FieldFocus::Input,
                ad_scroll: Scroll::default(),
                follow: true,
                path_like: false,
                report: None,
                stale: false,
                error: None,
                scroll: Scroll::default(),
                reader: ReaderSlot::start(std::sync::Arc::clone(&catalog), inbox.sender()),
                loading: false,
                bar: 0,
                rev: 0,
                ad: Cached {
                    key: None,
                    value: (Vec::new(), 0),
                },
                reading: Cached::default(),
            },
            inbox,
            hit: HitMap::default(),
            catalog,
        }
    }

    /// Where the keyboard focus is, which picks the key tables.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            return Context::Help;
        }
        self.screen_context()
    }

    /// The context of the screen itself, under any overlay: the help lists
    /// its keys.
    pub fn screen_context(&self) -> Context {
        match (
            self.screen,
            self.roles.focus,
            self.search.focus,
            self.tools.focus,
            self.analyze.focus,
        ) {
            (Screen::Roles, ..) if self.roles.filtering => Context::RolesFilter,
            (Screen::Roles, RolesFocus::List, ..) => Context::RolesList,
            (Screen::Roles, RolesFocus::Detail, ..) => Context::RolesDetail,
            (Screen::Compare, ..) if self.compare.picker.is_some() => Context::Picker,
            (Screen::Compare, ..) => Context::Compare,
            (Screen::Search, _, FieldFocus::Input, ..) => Context::SearchInput,
            (Screen::Search, _, FieldFocus::List, ..) => Context::SearchResults,
            (Screen::Tools, _, _, FieldFocus::Input, _) => Context::ToolsInput,
            (Screen::Tools, _, _, FieldFocus::List, _) => Context::ToolsRoles,
            (Screen::Analyze, .., FieldFocus::Input) => Context::AnalyzeInput,
            (Screen::Analyze, .., FieldFocus::List) => Context::AnalyzeResults,
        }
    }

    pub fn selected_role(&self) -> Option<usize> {
        (!self.catalog.roles.is_empty())
            .then(|| self.roles.list.index.min(self.catalog.roles.len() - 1))
    }

    /// Something is awaited that the screen shows as in progress: the
    /// event loop wakes for animation frames only then.
    pub fn waiting(&self) -> bool {
        self.analyze.loading
            || (self.screen == Screen::Analyze
                && self.analyze.reader.is_building()
                && !self.analyze.text.value().trim().is_empty())
    }

    pub fn selected_tool(&self) -> Option<usize> {
        self.tools.matches.get(self.tools.list.index).copied()
    }
}

/// The Roles list's rows for the roles `keep` admits: a heading (`None`)
/// where the tier changes, then the roles.
pub fn role_rows(cat: &Catalog, keep: impl Fn(usize) -> bool) -> Vec<Option<usize>> {
    let mut rows = Vec::with_capacity(cat.roles.len() + 2);
    let mut last = None;
    for (i, r) in cat.roles.iter().enumerate().filter(|(i, _)| keep(*i)) {
        if last != Some(r.tier) {
            rows.push(None);
            last = Some(r.tier);
        }
        rows.push(Some(i));
    }
    rows
}

/// The list pane's width: the longest title, the marker and the borders;
/// no slack, so that at 80 columns the detail pane keeps room for all its
/// tabs.
pub fn list_width(cat: &Catalog) -> u16 {
    cat.roles
        .iter()
        .map(|r| r.title.width() as u16 + 4)
        .max()
        .unwrap_or(20)
        .clamp(20, 34)
}
