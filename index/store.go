package index

import (
	"context"
	"errors"
	"fmt"
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

// Store keeps the index in step with files on disk: it decides which meeting
// a file belongs to, merges twins (the same minutes as PDF, DOCX and text)
// into one meeting with several sources, and detaches changed or removed
// files from the meetings they fed.
//
// Store is for one writer goroutine: Import and Forget must not be called
// concurrently. Over a backend whose reads do not see writes before Flush
// (Elasticsearch), Store remembers its own writes until its Flush, so that
// twins imported in one run still meet; call Flush now and then (say every
// few hundred files) to bound that memory.
type Store struct {
	Backend

	// now returns the import time; nil means time.Now.
	now func() time.Time
	// meetings and files are the writes since the last Flush: a nil value
	// records a deletion.
	meetings map[string]*minutes.Meeting
	files    map[string]*FileRecord
}

// NewStore returns a Store over b.
func NewStore(b Backend) *Store { return &Store{Backend: b} }

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

// Import stores meeting m extracted from file src and records the file. It
// sets m.ID (m.ID if set, else minutes.Fingerprint(m), else "file-" and the
// first 20 hex digits of src.SHA256) and m.Sources: src first (the file m was
// extracted from), then the other sources of an earlier version of the
// meeting. A file imported before into another meeting is detached from it,
// and that meeting deleted when it has no source left.
func (s *Store) Import(ctx context.Context, src minutes.Source, m *minutes.Meeting) (Outcome, error) {
	if src.Path == "" {
		return "", errors.New("import: source without path")
	}
	rec, err := s.file(ctx, src.Path)
	known := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", fmt.Errorf("import %s: %w", src.Path, err)
	}
	if known && src.SHA256 != "" && rec.SHA256 == src.SHA256 {
		return Unchanged, nil
	}

	if m.ID == "" {
		m.ID = minutes.Fingerprint(m)
	}
	if m.ID == "" {
		if len(src.SHA256) < 20 {
			return "", fmt.Errorf("import %s: meeting has no date, attendees or agenda and the file no sha256 to name it by", src.Path)
		}
		m.ID = "file-" + src.SHA256[:20]
	}

	if known && rec.MeetingID != m.ID {
		if err := s.detach(ctx, src.Path, rec.MeetingID); err != nil {
			return "", fmt.Errorf("import %s: %w", src.Path, err)
		}
	}

	outcome := Imported
	m.Sources = []minutes.Source{src}
	old, err := s.meeting(ctx, m.ID)
	switch {
	case err == nil:
		outcome = Merged
		for _, o := range old.Sources {
			if o.Path != src.Path {
				m.Sources = append(m.Sources, o)
			}
		}
	case !errors.Is(err, ErrNotFound):
		return "", fmt.Errorf("import %s: meeting %s: %w", src.Path, m.ID, err)
	}
	if known {
		outcome = Updated
	}

	if err := s.putMeeting(ctx, m); err != nil {
		return "", fmt.Errorf("import %s: %w", src.Path, err)
	}
	now := time.Now
	if s.now != nil {
		now = s.now
	}
	if err := s.putFile(ctx, FileRecord{Path: src.Path, SHA256: src.SHA256, MeetingID: m.ID, Imported: now().UTC()}); err != nil {
		return "", fmt.Errorf("import %s: %w", src.Path, err)
	}
	return outcome, nil
}

// Forget handles a file removed from disk: it detaches the file from its
// meeting, deletes the meeting if no other source remains, and forgets the
// file. Forgetting an unknown file is no error.
func (s *Store) Forget(ctx context.Context, path string) error {
	rec, err := s.file(ctx, path)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("forget %s: %w", path, err)
	}
	if err := s.detach(ctx, path, rec.MeetingID); err != nil {
		return fmt.Errorf("forget %s: %w", path, err)
	}
	if err := s.Backend.DeleteFile(ctx, path); err != nil {
		return fmt.Errorf("forget %s: %w", path, err)
	}
	s.remember(nil, path, nil)
	return nil
}

// Prune forgets the imported files in folder dir that gone reports as no
// longer there (deleted or moved away), detaching them from their meetings,
// and returns their paths. Call it after Flush, so that the listing sees
// every import.
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

// Flush flushes the backend and drops the writes Store remembered.
func (s *Store) Flush(ctx context.Context) error {
	if err := s.Backend.Flush(ctx); err != nil {
		return err
	}
	s.meetings, s.files = nil, nil
	return nil
}

// detach drops path from the sources of meeting id, deleting the meeting
// when no source remains. A missing meeting is no error.
func (s *Store) detach(ctx context.Context, path, id string) error {
	m, err := s.meeting(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("detach from meeting %s: %w", id, err)
	}
	kept := m.Sources[:0:0]
	for _, src := range m.Sources {
		if src.Path != path {
			kept = append(kept, src)
		}
	}
	if len(kept) == len(m.Sources) {
		return nil
	}
	if len(kept) == 0 {
		if err := s.Backend.DeleteMeeting(ctx, id); err != nil {
			return fmt.Errorf("detach: %w", err)
		}
		s.remember(map[string]*minutes.Meeting{id: nil}, "", nil)
		return nil
	}
	m.Sources = kept
	if err := s.putMeeting(ctx, m); err != nil {
		return fmt.Errorf("detach: %w", err)
	}
	return nil
}

// file returns the record of path, from this Store's writes since Flush or
// else from the backend.
func (s *Store) file(ctx context.Context, path string) (FileRecord, error) {
	if rec, ok := s.files[path]; ok {
		if rec == nil {
			return FileRecord{}, fmt.Errorf("file %s: %w", path, ErrNotFound)
		}
		return *rec, nil
	}
	return s.Backend.File(ctx, path)
}

// meeting returns meeting id, from this Store's writes since Flush or else
// from the backend. The result is the caller's to change.
func (s *Store) meeting(ctx context.Context, id string) (*minutes.Meeting, error) {
	if m, ok := s.meetings[id]; ok {
		if m == nil {
			return nil, fmt.Errorf("meeting %s: %w", id, ErrNotFound)
		}
		c := *m
		c.Sources = append([]minutes.Source(nil), m.Sources...)
		return &c, nil
	}
	return s.Backend.Meeting(ctx, id)
}

// putMeeting writes m and remembers it.
func (s *Store) putMeeting(ctx context.Context, m *minutes.Meeting) error {
	if err := s.Backend.PutMeeting(ctx, m); err != nil {
		return err
	}
	c := *m
	c.Sources = append([]minutes.Source(nil), m.Sources...)
	s.remember(map[string]*minutes.Meeting{m.ID: &c}, "", nil)
	return nil
}

// putFile writes rec and remembers it.
func (s *Store) putFile(ctx context.Context, rec FileRecord) error {
	if err := s.Backend.PutFile(ctx, rec); err != nil {
		return err
	}
	s.remember(nil, rec.Path, &rec)
	return nil
}

// readsOwnWrites is implemented by backends whose reads see every write at
// once, so that Store need not remember its writes.
type readsOwnWrites interface{ readsOwnWrites() }

// remember records writes: meetings by ID, and the file at path (a nil rec
// for a deletion) when path is not "".
func (s *Store) remember(meetings map[string]*minutes.Meeting, path string, rec *FileRecord) {
	if _, ok := s.Backend.(readsOwnWrites); ok {
		return
	}
	if s.meetings == nil {
		s.meetings = map[string]*minutes.Meeting{}
	}
	if s.files == nil {
		s.files = map[string]*FileRecord{}
	}
	for id, m := range meetings {
		s.meetings[id] = m
	}
	if path != "" {
		s.files[path] = rec
	}
}
