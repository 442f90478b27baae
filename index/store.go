package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/goteborgsregionen/minutes"
)

// Outcome says what Store.Import did with a file.
type Outcome string

// The outcomes of an import.
const (
	Imported  Outcome = "imported"  // a new meeting
	Merged    Outcome = "merged"    // another source of an existing meeting (a twin: the PDF of an imported .txt)
	Updated   Outcome = "updated"   // a changed file replaced its earlier version
	Unchanged Outcome = "unchanged" // the file was imported before with the same content
)

// The default batch limits of a Store.
const (
	DefaultBatchFiles = 100
	DefaultBatchBytes = 4 << 20
	DefaultBatchAge   = 5 * time.Second
)

// Store keeps the index in step with files on disk. It decides which meeting
// a file belongs to, keeps each file's own extraction (in its FileRecord) and
// builds every meeting from the extractions of its files:
//
//   - Identity: a file joins the meeting that has a file of the same
//     fingerprint (minutes.Fingerprint: stated date, attendee names, agenda
//     titles, decisions, title numbering; never the file name), else a
//     meeting of the same stated date whose content is close (sameMeeting),
//     else it starts a meeting of its own. A changed file keeps its meeting
//     while its date and body stay and its content stays close to what it
//     said before.
//   - Content: a meeting's content is its most complete extraction, ties
//     broken by format (text, DOCX, PDF) and then by path, so the same files
//     give the same meeting on every run; Meeting.ContentFrom names that
//     file and Sources lists it first, the others after it in path order.
//     The meeting's ID is the content's fingerprint.
//   - Changes: a changed file replaces what it contributed; a forgotten file
//     takes its extraction with it and the meeting is rebuilt from the files
//     still there, without reading them again.
//
// Writes are batched: Store collects them and hands the backend one Batch
// when DefaultBatchFiles files, DefaultBatchBytes of meetings or
// DefaultBatchAge have gathered, and at Flush. The backend writes a batch
// in the background while the next one gathers (one batch in flight; the
// Store reads what it holds from memory until it has landed). A file counts
// as written only when the batch confirms its meeting and its record
// (OnWritten; Flush returns a *WriteError naming the files that failed), so
// that a failed file's record is not written and the next import tries it
// again.
//
// Store is for one writer goroutine: no method may be called concurrently.
type Store struct {
	Backend

	// OnWritten, if set, is called for every imported or forgotten file
	// when its batch is written: err is nil when the file's meeting and
	// record were confirmed, else why not (the record was then not written).
	OnWritten func(path string, err error)
	// BatchFiles, BatchBytes and BatchAge bound a batch (0: the defaults).
	BatchFiles int
	BatchBytes int
	BatchAge   time.Duration

	// now returns the import time; nil means time.Now.
	now func() time.Time

	pending batchState
	// flying is the batch being written, nil when none: the writer goes on
	// with the next files meanwhile, reading what the batch holds from here.
	flying *flight
	// failed are the files whose writes failed since the last Flush.
	failed map[string]error
	// disagreements are the meetings written since the last call of
	// Disagreements whose files disagree, by meeting ID; rewritten are all
	// meetings written or deleted since then.
	disagreements map[string]*Disagreement
	rewritten     map[string]bool
	// idents are what sameMeeting compares of the meetings this Store
	// wrote or fetched, by ID, so that a file of a busy date is matched
	// without fetching the meetings of that date again and again.
	idents map[string]meetingIdent
	// byDate are the IDs of the meetings of each date this Store has
	// looked up: from the backend once, then kept up to date as meetings
	// are written, so that a busy date is not searched again for every
	// file of it. (A search reads every hit's stored ID: at 100,000
	// meetings that kept the whole index in memory.) Deleted meetings stay
	// listed and are skipped when looked up.
	byDate map[string]map[string]bool
}

// meetingsOf returns the IDs of the meetings of date the backend holds
// (see byDate; the writes not yet landed are the caller's to add).
func (s *Store) meetingsOf(ctx context.Context, date string) ([]string, error) {
	set, ok := s.byDate[date]
	if !ok {
		_, ids, err := s.Backend.Candidates(ctx, "", date)
		if err != nil {
			return nil, err
		}
		set = make(map[string]bool, len(ids))
		for _, id := range ids {
			set[id] = true
		}
		if s.byDate == nil {
			s.byDate = map[string]map[string]bool{}
		}
		s.byDate[date] = set
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	return ids, nil
}

// remember records the identity of meeting id (m; nil: deleted).
func (s *Store) remember(id string, m *minutes.Meeting) {
	if m == nil {
		delete(s.idents, id)
		return
	}
	if s.idents == nil {
		s.idents = map[string]meetingIdent{}
	}
	s.idents[id] = identOf(m)
}

// batchState is the writes not yet handed to the backend.
type batchState struct {
	meetings map[string]*minutes.Meeting // nil value: delete
	files    map[string]*FileRecord      // nil value: forget
	needs    map[string]map[string]bool  // file path → meeting IDs its record waits for
	own      []string                    // files imported or forgotten, in order
	bytes    int
	since    time.Time
}

// flight is a batch handed to the backend and not yet landed.
type flight struct {
	state batchState
	done  chan struct{} // closed when the write returned
	err   error         // the write's error, once done is closed
}

// NewStore returns a Store over b.
func NewStore(b Backend) *Store { return &Store{Backend: b} }

func (s *Store) time() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// Unchanged reports whether the file at path was imported with content hash
// sha.
func (s *Store) Unchanged(ctx context.Context, path, sha string) (bool, error) {
	rec, err := s.file(ctx, path)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return rec.SHA256 == sha, nil
}

// UnchangedStat reports whether the file at path is unchanged by stat since
// its import (FileStat.Same), and returns its record when it is known: a
// re-import skips such a file unread and takes its QA data from
// rec.Summary.
func (s *Store) UnchangedStat(ctx context.Context, path string, st FileStat) (rec FileRecord, same bool, err error) {
	rec, err = s.file(ctx, path)
	if errors.Is(err, ErrNotFound) {
		return FileRecord{}, false, nil
	}
	if err != nil {
		return FileRecord{}, false, err
	}
	return rec, rec.Stat.Same(st), nil
}

// Import files meeting m, extracted from src (the file, stat st), into its
// meeting (see Store) and queues the writes. The identity of the file's own
// extraction is m.ID if set, else minutes.Fingerprint(m), else "file-" and
// the first 20 hex digits of src.SHA256; Import sets m.ID to the ID of the
// meeting the file is now part of. The outcome is final
// once the batch is written (OnWritten, Flush). A file imported before with
// the same hash is Unchanged: only its stat is updated when it changed.
// An error concerns this file only.
func (s *Store) Import(ctx context.Context, src minutes.Source, st FileStat, m *minutes.Meeting) (Outcome, error) {
	if src.Path == "" {
		return "", errors.New("import: source without path")
	}
	if err := s.maybeCommit(ctx); err != nil {
		return "", err
	}
	old, err := s.file(ctx, src.Path)
	known := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", fmt.Errorf("import %s: %w", src.Path, err)
	}
	if known && src.SHA256 != "" && old.SHA256 == src.SHA256 && old.Extraction != nil {
		if !old.Stat.Same(st) && st != (FileStat{}) {
			old.Stat = st
			s.queueFile(src.Path, &old, nil, true)
		}
		if m.ID == "" {
			m.ID = old.MeetingID
		}
		return Unchanged, nil
	}

	key := identityKey(m, src.SHA256)
	if key == "" {
		return "", fmt.Errorf("import %s: meeting has no date, attendees or agenda and the file no sha256 to name it by", src.Path)
	}
	m.ID = key
	ext := *m
	ext.Sources = []minutes.Source{src}
	ext.ContentFrom = ""
	rec := FileRecord{
		Path: src.Path, SHA256: src.SHA256, Imported: s.time().UTC(), Stat: st,
		Fingerprint: key, Summary: Summarize(&ext), Extraction: &ext,
	}

	group, err := s.findGroup(ctx, &rec, old, known)
	if err != nil {
		return "", fmt.Errorf("import %s: %w", src.Path, err)
	}
	needs := map[string]bool{}
	if known && old.MeetingID != "" && old.MeetingID != group {
		if _, err := s.regroup(ctx, old.MeetingID, src.Path, nil, needs); err != nil {
			return "", fmt.Errorf("import %s: %w", src.Path, err)
		}
	}
	if m.ID, err = s.regroup(ctx, group, src.Path, &rec, needs); err != nil {
		return "", fmt.Errorf("import %s: %w", src.Path, err)
	}
	s.pending.own = append(s.pending.own, src.Path)
	switch {
	case known:
		return Updated, nil
	case group != "":
		return Merged, nil
	}
	return Imported, nil
}

// findGroup returns the ID of the meeting the file of rec (its earlier
// record old, when known) belongs to, "" for a meeting of its own.
func (s *Store) findGroup(ctx context.Context, rec *FileRecord, old FileRecord, known bool) (string, error) {
	ext := rec.Extraction
	// A corrected file keeps its meeting while it stays the same meeting.
	if known && old.MeetingID != "" && old.Extraction != nil &&
		(old.Fingerprint == rec.Fingerprint || sameCorrected(old.Extraction, ext)) {
		if _, err := s.meeting(ctx, old.MeetingID); err == nil {
			return old.MeetingID, nil
		} else if !errors.Is(err, ErrNotFound) {
			return "", err
		}
	}
	paths, _, err := s.Backend.Candidates(ctx, rec.Fingerprint, "")
	if err != nil {
		return "", fmt.Errorf("look up its meeting: %w", err)
	}
	// A file of the same fingerprint: an identical twin.
	var groups []string
	for _, st := range s.unwritten() {
		for p, r := range st.files {
			if r != nil && r.Fingerprint == rec.Fingerprint {
				paths = append(paths, p)
			}
		}
	}
	for _, p := range paths {
		if p == rec.Path {
			continue
		}
		r, err := s.file(ctx, p)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return "", err
		}
		if r.Fingerprint == rec.Fingerprint && r.MeetingID != "" {
			groups = append(groups, r.MeetingID)
		}
	}
	if len(groups) > 0 {
		sort.Strings(groups)
		return groups[0], nil
	}
	// A meeting of the same stated date whose content is close.
	if ext.Date == "" {
		return "", nil
	}
	ids, err := s.meetingsOf(ctx, ext.Date)
	if err != nil {
		return "", fmt.Errorf("look up its meeting: %w", err)
	}
	for _, st := range s.unwritten() {
		for id, m := range st.meetings {
			if m != nil && m.When() == ext.Date {
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	ids = slices.Compact(ids)
	best, bestSim := "", 0.0
	want := identOf(ext)
	for _, id := range ids {
		known, ok := s.idents[id]
		if !ok {
			m, err := s.meeting(ctx, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return "", err
			}
			s.remember(id, m)
			known = s.idents[id]
		}
		if !known.same(want) {
			continue
		}
		if sim := known.similarity(want); sim > bestSim {
			best, bestSim = id, sim
		}
	}
	return best, nil
}

// sameCorrected reports whether a changed file's new extraction b is still
// the meeting its earlier extraction a was: same date (stated or not), body
// and numbering, and close content.
func sameCorrected(a, b *minutes.Meeting) bool {
	if a.When() != b.When() {
		return false
	}
	ua, ub := *a, *b
	ua.Date, ub.Date = "x", "x" // the dates agree; let sameMeeting judge the rest
	return sameMeeting(&ua, &ub)
}

// regroup rebuilds meeting id (absent or "": a new meeting) with the file
// at path replaced by rec (nil: dropped) and queues the writes: the meeting
// under its new ID (the content's fingerprint), the deletion of the old ID
// when it changed or no file is left, and the records of all its files.
// Another meeting already holding the new ID is merged in. The meeting IDs
// written are added to needs, which path's record waits for. It returns the
// meeting's new ID, "" when no file is left.
func (s *Store) regroup(ctx context.Context, id, path string, rec *FileRecord, needs map[string]bool) (string, error) {
	var members []FileRecord
	var oldIDs []string
	addMembers := func(id string) error {
		if id == "" {
			return nil
		}
		m, err := s.meeting(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		oldIDs = append(oldIDs, id)
		for _, src := range m.Sources {
			if src.Path == path || hasMember(members, src.Path) {
				continue
			}
			r, err := s.file(ctx, src.Path)
			if errors.Is(err, ErrNotFound) {
				continue // forgotten meanwhile
			}
			if err != nil {
				return fmt.Errorf("meeting %s: file %s: %w", id, src.Path, err)
			}
			if r.Extraction == nil {
				// A record written before extractions were kept: the
				// meeting's content stands in for the file's own.
				ext := *m
				ext.ID, ext.ContentFrom, ext.Sources = "", "", []minutes.Source{src}
				r.Extraction = &ext
				if r.Fingerprint == "" {
					r.Fingerprint = identityKey(&ext, r.SHA256)
				}
			}
			members = append(members, r)
		}
		return nil
	}
	if err := addMembers(id); err != nil {
		return "", err
	}
	if rec != nil {
		members = append(members, *rec)
	}
	m := buildMeeting(members)
	if m != nil && m.ID != id {
		// The new ID may be another meeting's: files of one fingerprint
		// are one meeting.
		if err := addMembers(m.ID); err != nil {
			return "", err
		}
		m = buildMeeting(members)
	}
	if s.rewritten == nil {
		s.rewritten = map[string]bool{}
	}
	for _, old := range oldIDs {
		s.rewritten[old] = true
		if m == nil || old != m.ID {
			s.queueMeeting(old, nil)
			needs[old] = true
			delete(s.disagreements, old)
		}
	}
	if m == nil {
		return "", nil
	}
	s.queueMeeting(m.ID, m)
	s.rewritten[m.ID] = true
	needs[m.ID] = true
	var content *minutes.Meeting
	for _, r := range members {
		if r.Path == m.ContentFrom {
			content = r.Extraction
		}
	}
	d := &Disagreement{MeetingID: m.ID, Date: m.When(), Body: m.Body, ContentFrom: m.ContentFrom}
	for _, r := range members {
		r.MeetingID = m.ID
		r.Summary.ContentFrom = m.ContentFrom
		r.Summary.Differs = nil
		if r.Path != m.ContentFrom {
			r.Summary.Differs = differences(content, r.Extraction)
		}
		if len(r.Summary.Differs) > 0 {
			d.Files = append(d.Files, FileDiff{File: r.Path, Differs: r.Summary.Differs})
		}
		if r.Path == path {
			s.queueFile(r.Path, &r, needs, false)
		} else {
			s.queueFile(r.Path, &r, map[string]bool{m.ID: true}, false)
		}
	}
	if s.disagreements == nil {
		s.disagreements = map[string]*Disagreement{}
	}
	if len(d.Files) > 0 {
		sort.Slice(d.Files, func(i, j int) bool { return d.Files[i].File < d.Files[j].File })
		s.disagreements[m.ID] = d
	} else {
		delete(s.disagreements, m.ID)
	}
	return m.ID, nil
}

func hasMember(recs []FileRecord, path string) bool {
	for _, r := range recs {
		if r.Path == path {
			return true
		}
	}
	return false
}

// Forget handles a file removed from disk: it drops the file's extraction
// from its meeting, rebuilds the meeting from the files still there (or
// deletes it when none is left), and forgets the file. Forgetting an unknown
// file is no error.
func (s *Store) Forget(ctx context.Context, path string) error {
	if err := s.maybeCommit(ctx); err != nil {
		return err
	}
	rec, err := s.file(ctx, path)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("forget %s: %w", path, err)
	}
	needs := map[string]bool{}
	if _, err := s.regroup(ctx, rec.MeetingID, path, nil, needs); err != nil {
		return fmt.Errorf("forget %s: %w", path, err)
	}
	s.queueFile(path, nil, needs, false)
	s.pending.own = append(s.pending.own, path)
	return nil
}

// Prune forgets the imported files in folder dir that gone reports as no
// longer there (deleted or moved away), rebuilding their meetings, and
// returns their paths. Call it after Flush, so that the listing sees every
// import.
func (s *Store) Prune(ctx context.Context, dir string, gone func(path string) bool) ([]string, error) {
	recs, err := s.Backend.Files(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("prune %s: %w", dir, err)
	}
	var pruned []string
	for _, rec := range recs {
		if !gone(rec.Path) {
			continue
		}
		if err := s.Forget(ctx, rec.Path); err != nil {
			return pruned, err
		}
		pruned = append(pruned, rec.Path)
	}
	return pruned, nil
}

// Disagreements returns the meetings written since the last call whose
// files disagree (see FileSummary.Differs), by meeting ID, and forgets
// them.
func (s *Store) Disagreements() []Disagreement {
	out := make([]Disagreement, 0, len(s.disagreements))
	for _, d := range s.disagreements {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].MeetingID < out[j].MeetingID })
	s.disagreements, s.rewritten = nil, nil
	return out
}

// Rewritten reports whether meeting id was written or deleted since the
// last call of Disagreements: what the records of its unchanged files said
// about it may be out of date, and Disagreements has its present state.
func (s *Store) Rewritten(id string) bool { return s.rewritten[id] }

// Flush writes the pending batch and flushes the backend. It returns a
// *WriteError naming every file whose writes failed since the last Flush
// (also reported to OnWritten), or the error of the backend's flush.
func (s *Store) Flush(ctx context.Context) error {
	s.commit(ctx)
	s.land()
	err := s.Backend.Flush(ctx)
	failed := s.failed
	s.failed = nil
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return &WriteError{Files: failed}
	}
	return nil
}

// maybeCommit writes the pending batch when it is full or old. Its failures
// go to the files of the batch, never to the caller's file: only a
// cancelled ctx is returned.
func (s *Store) maybeCommit(ctx context.Context) error {
	p := &s.pending
	files, bytes, age := s.BatchFiles, s.BatchBytes, s.BatchAge
	if files <= 0 {
		files = DefaultBatchFiles
	}
	if bytes <= 0 {
		bytes = DefaultBatchBytes
	}
	if age <= 0 {
		age = DefaultBatchAge
	}
	if len(p.files) > 0 && (len(p.files) >= files || p.bytes >= bytes || time.Since(p.since) >= age) {
		s.commit(ctx)
	}
	return ctx.Err()
}

// commit hands the pending writes to the backend as one Batch, written in
// the background while the caller goes on: the batch before it is landed
// first, so one batch is in flight at a time.
func (s *Store) commit(ctx context.Context) {
	s.land()
	p := s.pending
	s.pending = batchState{}
	if len(p.files) == 0 && len(p.meetings) == 0 {
		return
	}
	b := &Batch{}
	ids := make([]string, 0, len(p.meetings))
	for id := range p.meetings {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if m := p.meetings[id]; m != nil {
			b.Meetings = append(b.Meetings, m)
		} else {
			b.DeleteMeetings = append(b.DeleteMeetings, id)
		}
	}
	paths := make([]string, 0, len(p.files))
	for path := range p.files {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		fw := FileWrite{Path: path, Record: p.files[path]}
		for id := range p.needs[path] {
			fw.Needs = append(fw.Needs, id)
		}
		sort.Strings(fw.Needs)
		b.Files = append(b.Files, fw)
	}
	f := &flight{state: p, done: make(chan struct{})}
	s.flying = f
	go func() {
		defer close(f.done)
		f.err = s.Backend.Write(ctx, b)
	}()
}

// land waits for the batch in flight, if any, and reports each imported or
// forgotten file's result.
func (s *Store) land() {
	f := s.flying
	if f == nil {
		return
	}
	<-f.done
	s.flying = nil
	p, err := f.state, f.err
	var werr *WriteError
	errors.As(err, &werr)
	reported := map[string]bool{}
	for _, path := range p.own {
		if reported[path] {
			continue
		}
		reported[path] = true
		ferr := err
		if werr != nil {
			ferr = werr.Files[path]
		}
		if ferr != nil {
			if s.failed == nil {
				s.failed = map[string]error{}
			}
			s.failed[path] = ferr
			if m := p.files[path]; m != nil {
				delete(s.disagreements, m.MeetingID)
			}
		}
		if s.OnWritten != nil {
			s.OnWritten(path, ferr)
		}
	}
}

// unwritten returns the writes not yet landed: the pending batch first,
// then the one in flight.
func (s *Store) unwritten() []*batchState {
	if s.flying == nil {
		return []*batchState{&s.pending}
	}
	return []*batchState{&s.pending, &s.flying.state}
}

// queueMeeting queues the write (m) or deletion (nil) of meeting id.
func (s *Store) queueMeeting(id string, m *minutes.Meeting) {
	p := &s.pending
	if p.meetings == nil {
		p.meetings = map[string]*minutes.Meeting{}
		p.since = time.Now()
	}
	p.meetings[id] = m
	s.remember(id, m)
	if m != nil {
		if set := s.byDate[m.When()]; set != nil {
			set[id] = true
		}
	}
	if m != nil {
		// A rough size: what the meeting's documents hold.
		p.bytes += 512 + 256*(len(m.Attendees)+len(m.Items)+len(m.Decisions))
		for _, it := range m.Items {
			p.bytes += len(it.Text)
		}
	}
}

// queueFile queues the write (rec) or deletion (nil) of the record of path,
// waiting for the meeting writes in needs; own marks a file the caller
// imported or forgot (reported to OnWritten).
func (s *Store) queueFile(path string, rec *FileRecord, needs map[string]bool, own bool) {
	p := &s.pending
	if p.files == nil {
		p.files = map[string]*FileRecord{}
		p.needs = map[string]map[string]bool{}
		if p.meetings == nil {
			p.since = time.Now()
		}
	}
	if rec != nil {
		c := *rec
		rec = &c
	}
	p.files[path] = rec
	if p.needs[path] == nil {
		p.needs[path] = map[string]bool{}
	}
	for id := range needs {
		p.needs[path][id] = true
	}
	if own {
		p.own = append(p.own, path)
	}
}

// file returns the record of path, from the writes not yet landed or else from the
// backend.
func (s *Store) file(ctx context.Context, path string) (FileRecord, error) {
	for _, st := range s.unwritten() {
		if rec, ok := st.files[path]; ok {
			if rec == nil {
				return FileRecord{}, fmt.Errorf("file %s: %w", path, ErrNotFound)
			}
			return *rec, nil
		}
	}
	return s.Backend.File(ctx, path)
}

// meeting returns meeting id, from the writes not yet landed or else from the
// backend. The result is the caller's to change.
func (s *Store) meeting(ctx context.Context, id string) (*minutes.Meeting, error) {
	for _, st := range s.unwritten() {
		if m, ok := st.meetings[id]; ok {
			if m == nil {
				return nil, fmt.Errorf("meeting %s: %w", id, ErrNotFound)
			}
			c := *m
			c.Sources = append([]minutes.Source(nil), m.Sources...)
			return &c, nil
		}
	}
	return s.Backend.Meeting(ctx, id)
}
