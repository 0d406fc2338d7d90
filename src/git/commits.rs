//! History: merge bases, the default branch, commits by date, parents and the topological
//! walk; and the dates git stores, formatted in UTC for any year it can hold.

use super::*;

impl Repo {
    /// The best common ancestor of two commits.
    pub(crate) fn merge_base(&self, a: Oid, b: Oid, a_name: &str, b_name: &str) -> Result<Oid> {
        let shallow = || Error::GitShallow {
            what: format!("the common ancestor of `{a_name}` and `{b_name}`"),
        };
        match self.repo.merge_base(a, b) {
            Ok(Some(base)) => Ok(base.detach()),
            Ok(None) if self.is_shallow() => Err(shallow()),
            Ok(None) => Err(Error::GitNoMergeBase {
                a: a_name.to_owned(),
                b: b_name.to_owned(),
            }),
            Err(_) if self.is_shallow() => Err(shallow()),
            Err(e) => Err(self.error("the common ancestor", &e)),
        }
    }

    /// The branch pull requests merge into: `origin/HEAD`, else `main`, else `master` (local,
    /// then as fetched from `origin`, which is all a CI checkout has).
    pub(crate) fn default_branch(&self) -> Result<(String, Oid)> {
        const CANDIDATES: &[&str] = &[
            "refs/remotes/origin/HEAD",
            "refs/heads/main",
            "refs/heads/master",
            "refs/remotes/origin/main",
            "refs/remotes/origin/master",
        ];
        for name in CANDIDATES {
            let Ok(Some(mut reference)) = self.repo.try_find_reference(*name) else {
                continue;
            };
            // `origin/HEAD` is symbolic: name the branch it points to.
            let shown = match reference.target().try_name() {
                Some(target) => target.shorten().to_str_lossy().into_owned(),
                None => reference.name().shorten().to_str_lossy().into_owned(),
            };
            let Ok(id) = reference.peel_to_id() else {
                continue;
            };
            let Ok(commit) = self.commit_of(id.detach(), &shown) else {
                continue;
            };
            return Ok((shown, commit));
        }
        Err(Error::GitNoDefaultBranch {
            shallow: self.is_shallow(),
        })
    }

    /// The last commit on the first-parent history of `head` whose committer time is at or
    /// before `until` (seconds since the epoch). `at` is how the user wrote the moment.
    pub(crate) fn commit_at(&self, head: Oid, until: i64, at: &str) -> Result<Oid> {
        let boundary = self.shallow_boundary();
        let mut id = head;
        let mut seen = HashSet::new();
        loop {
            if !seen.insert(id) {
                return Err(corrupt(
                    &format!("commit {id}"),
                    &std::io::Error::other("the history loops back on itself"),
                ));
            }
            let commit = self.find_commit(id)?;
            let (time, parents) = self.time_and_parents(&commit)?;
            if time <= until {
                return Ok(id);
            }
            let Some(first) = parents.first().copied() else {
                return Err(Error::GitNoCommitAt {
                    at: at.to_owned(),
                    first: Some(format_day(time)),
                });
            };
            if boundary.contains(&id) {
                return Err(Error::GitShallow {
                    what: format!("the history before {at}"),
                });
            }
            id = first;
        }
    }

    /// A commit's parents, first parent first.
    pub(crate) fn parents(&self, id: Oid) -> Result<Vec<Oid>> {
        let commit = self.find_commit(id)?;
        Ok(self.time_and_parents(&commit)?.1)
    }

    /// A commit's committer time and parent ids, failing on a corrupt commit.
    fn time_and_parents(&self, commit: &gix::Commit<'_>) -> Result<(i64, Vec<Oid>)> {
        let what = || format!("commit {}", commit.id);
        let decoded = commit.decode().map_err(|e| corrupt(&what(), &e))?;
        let time = decoded
            .committer()
            .map_err(|e| corrupt(&what(), &e))?
            .time()
            .map_err(|e| corrupt(&format!("the date of {}", what()), &e))?
            .seconds;
        Ok((time, decoded.parents().collect()))
    }

    /// The commits a shallow clone has without their parents (`.git/shallow`).
    pub(crate) fn shallow_boundary(&self) -> HashSet<Oid> {
        match self.repo.shallow_commits() {
            Ok(Some(commits)) => commits.iter().copied().collect(),
            _ => HashSet::new(),
        }
    }

    /// Every commit reachable from `start`, children before parents and otherwise newest
    /// first by committer time (`git log --date-order`). Parents beyond a shallow clone's
    /// boundary are not followed.
    pub(crate) fn walk(&self, start: Oid) -> Result<Vec<Walked>> {
        let boundary = self.shallow_boundary();
        // First every commit and its parents, then Kahn's algorithm over them.
        let mut nodes: Vec<(Oid, i64, Vec<usize>)> = Vec::new();
        let mut index: HashMap<Oid, usize> = HashMap::new();
        let mut pending = vec![start];
        index.insert(start, 0);
        nodes.push((start, 0, Vec::new()));
        while let Some(id) = pending.pop() {
            let at = index[&id];
            let commit = self.find_commit(id)?;
            let (time, parents) = self.time_and_parents(&commit)?;
            let parents = if boundary.contains(&id) {
                Vec::new()
            } else {
                parents
            };
            let mut parent_slots = Vec::with_capacity(parents.len());
            for parent in parents {
                let slot = *index.entry(parent).or_insert_with(|| {
                    nodes.push((parent, 0, Vec::new()));
                    pending.push(parent);
                    nodes.len() - 1
                });
                parent_slots.push(slot);
            }
            nodes[at].1 = time;
            nodes[at].2 = parent_slots;
        }
        let mut children = vec![0usize; nodes.len()];
        for (_, _, parents) in &nodes {
            for &p in parents {
                children[p] += 1;
            }
        }
        // Ready commits, newest first; among equal times, the one found first.
        let mut ready: BinaryHeap<(i64, std::cmp::Reverse<usize>)> = BinaryHeap::new();
        ready.push((nodes[0].1, std::cmp::Reverse(0)));
        let mut order = Vec::with_capacity(nodes.len());
        while let Some((_, std::cmp::Reverse(at))) = ready.pop() {
            order.push(at);
            for &p in &nodes[at].2 {
                children[p] -= 1;
                if children[p] == 0 {
                    ready.push((nodes[p].1, std::cmp::Reverse(p)));
                }
            }
        }
        Ok(order
            .into_iter()
            .map(|at| {
                let (id, _, parents) = &nodes[at];
                Walked {
                    id: *id,
                    parents: parents.iter().map(|&p| nodes[p].0).collect(),
                    boundary: boundary.contains(id),
                }
            })
            .collect())
    }
}

/// `2026-03-01`, in UTC. Dates past jiff's range (year 9999) are computed by hand from the
/// civil calendar, so a commit dated year 10000 still gets its day.
pub(crate) fn format_day(seconds: i64) -> String {
    let (year, month, day, _) = civil(seconds);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `2026-03-01T09:30:00Z`, in UTC, for any date git can hold.
pub(crate) fn format_instant(seconds: i64) -> String {
    let (year, month, day, second) = civil(seconds);
    let (h, m, s) = (second / 3600, second / 60 % 60, second % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

/// Year, month, day and second of the day of a moment in UTC (Howard Hinnant's
/// `civil_from_days`, valid for every `i64` a commit can hold).
fn civil(seconds: i64) -> (i64, i64, i64, i64) {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, seconds.rem_euclid(86_400))
}

/// The last second that `--at` includes, in UTC: the moment itself, or the end of the day
/// when only a date was given ("as of 3 March" includes what was committed that day).
pub(crate) fn until_seconds(at: Moment) -> i64 {
    let midnight = at.0.time() == jiff::civil::Time::midnight();
    let moment = if midnight {
        at.0.date()
            .tomorrow()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
            .unwrap_or(at.0)
    } else {
        at.0
    };
    let seconds = moment
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map_or(i64::MAX, |z| z.timestamp().as_second());
    if midnight { seconds - 1 } else { seconds }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_past_jiffs_range() {
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(1_772_323_200), "2026-03-01");
        // 10000-01-01T00:00:00Z and a day in 10000 after February.
        assert_eq!(format_day(253_402_300_800), "10000-01-01");
        assert_eq!(format_day(253_402_300_800 + 86_400 * 60), "10000-03-01");
        assert_eq!(format_day(-86_400), "1969-12-31");
        assert_eq!(format_instant(1_772_357_400), "2026-03-01T09:30:00Z");
        assert_eq!(
            format_instant(253_402_300_800 + 61),
            "10000-01-01T00:01:01Z"
        );
        // jiff agrees wherever it reaches.
        for seconds in [-62_135_596_800, 951_782_400, 4_107_542_400, 253_401_000_000] {
            let jiff = jiff::Timestamp::from_second(seconds).unwrap().to_string();
            assert_eq!(format_instant(seconds), jiff);
        }
    }
}
