//! When the autosave writes, as a pure state machine: the browser glue (`ui::context::autosave`)
//! feeds it changes, timers, idle moments and finished saves with their times, and does what it
//! answers. A save never runs inside an edit: it waits for a pause in the changes
//! ([`SAVE_DELAY_MS`]), but no longer than [`SAVE_MAX_WAIT_MS`] after the first unsaved one;
//! then for an idle moment of the page (at most [`SAVE_IDLE_WAIT_MS`]), so that it never delays
//! the frame that shows the next edit. One save runs at a time; one asked for meanwhile runs
//! when it ends.

/// How long after a change it is written (typing merges into one write).
pub const SAVE_DELAY_MS: u32 = 250;
/// The longest a change waits while more keep coming (so steady typing is saved too).
pub const SAVE_MAX_WAIT_MS: f64 = 1000.0;
/// Once due, a save waits for an idle moment of the page, but no longer than this.
pub const SAVE_IDLE_WAIT_MS: u32 = 500;

/// The autosave's timing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveTiming {
    /// When the oldest unsaved change was made.
    pending_since: Option<f64>,
    /// Bumped by each change; a timer set for an older one does nothing.
    generation: u64,
    /// A save's transaction is under way.
    saving: bool,
    /// A save was asked for while one was under way.
    again: bool,
}

/// A timer to set after a change: when it fires ([`SaveTiming::timer_fired`]) with its
/// generation, the save may be due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timer {
    pub generation: u64,
    pub delay_ms: u32,
}

/// What to do when a save is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Begin {
    /// Write now (one transaction).
    Write,
    /// A save is under way: this one runs when it ends.
    Wait,
}

impl SaveTiming {
    /// Something changed at `now`: the timer to set.
    pub fn changed(&mut self, now: f64) -> Timer {
        let since = *self.pending_since.get_or_insert(now);
        let delay = f64::from(SAVE_DELAY_MS).min((since + SAVE_MAX_WAIT_MS - now).max(0.0));
        self.generation += 1;
        Timer {
            generation: self.generation,
            delay_ms: delay as u32,
        }
    }

    /// A timer fired: whether the save is due (no change came after it), to be written at
    /// the page's next idle moment.
    pub fn timer_fired(&self, generation: u64) -> bool {
        self.generation == generation
    }

    /// The page's idle moment came: whether there is still something to write.
    pub fn idle(&self) -> bool {
        self.pending_since.is_some()
    }

    /// Whether anything waits to be written.
    pub fn pending(&self) -> bool {
        self.pending_since.is_some()
    }

    /// A save is asked for (due, or the page is being hidden): what waited is taken now.
    pub fn begin(&mut self) -> Begin {
        self.pending_since = None;
        if self.saving {
            self.again = true;
            return Begin::Wait;
        }
        Begin::Write
    }

    /// The save's transaction was begun.
    pub fn writing(&mut self) {
        self.saving = true;
    }

    /// The save ended (committed or not): whether another was asked for meanwhile, to run now.
    pub fn finished(&mut self) -> bool {
        self.saving = false;
        std::mem::take(&mut self.again)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_merges_into_one_save_after_a_pause() {
        let mut t = SaveTiming::default();
        let first = t.changed(0.0);
        assert_eq!(first.delay_ms, SAVE_DELAY_MS);
        let second = t.changed(100.0);
        // The first timer is stale: only the last change's timer makes the save due.
        assert!(!t.timer_fired(first.generation));
        assert!(t.timer_fired(second.generation));
        assert!(t.idle());
        assert_eq!(t.begin(), Begin::Write);
        assert!(!t.idle(), "taken");
    }

    #[test]
    fn steady_typing_is_saved_within_the_longest_wait() {
        let mut t = SaveTiming::default();
        t.changed(0.0);
        let late = t.changed(900.0);
        assert_eq!(
            late.delay_ms, 100,
            "at most a second after the first change"
        );
        let later = t.changed(1200.0);
        assert_eq!(later.delay_ms, 0);
    }

    #[test]
    fn a_save_asked_for_during_another_runs_when_it_ends() {
        let mut t = SaveTiming::default();
        t.changed(0.0);
        assert_eq!(t.begin(), Begin::Write);
        t.writing();
        assert!(t.saving);
        t.changed(50.0);
        assert_eq!(t.begin(), Begin::Wait);
        assert!(t.finished(), "again");
        assert!(!t.saving);
        assert_eq!(t.begin(), Begin::Write);
        t.writing();
        assert!(!t.finished(), "nothing more");
    }

    #[test]
    fn an_idle_moment_with_nothing_left_writes_nothing() {
        let mut t = SaveTiming::default();
        let timer = t.changed(0.0);
        // The page was hidden meanwhile: written then.
        assert_eq!(t.begin(), Begin::Write);
        assert!(t.timer_fired(timer.generation));
        assert!(!t.idle());
    }
}
