// Package web serves the index as a read-only web site for the people who ask
// the questions: decisions on a topic with the matched words highlighted, an
// attendance heatmap of municipalities (or people) by period, the meetings
// whole with their source files, and the quality report of the last import.
//
// Every page is plain HTML from html/template with embedded CSS; it works
// without JavaScript and without any file from elsewhere. All document text is
// data from files nobody vetted and is escaped; no handler writes.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes/extract"
	"github.com/goteborgsregionen/minutes/index"
)

// ErrNoIndex is returned by an Index that has no index to open yet.
var ErrNoIndex = errors.New("no index yet")

// Index gives each request the backend to answer it from.
type Index interface {
	// Acquire returns the backend for one request and a function that
	// releases it when the request is answered.
	Acquire(ctx context.Context) (index.Backend, func(), error)
}

// Options configure a Server.
type Options struct {
	Index Index
	// LastImport returns the report of the last import, nil when none is
	// known. May be nil.
	LastImport func() (*ImportReport, error)
	// Where names the index on the start page (folder or URL). May be empty.
	Where string
	// Log receives request errors; nil: the standard logrus logger.
	Log logrus.FieldLogger
}

// Server is the web site's http.Handler.
type Server struct {
	opts  Options
	mux   *http.ServeMux
	pages map[string]*template.Template
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// New returns a Server answering from opts.Index.
func New(opts Options) (*Server, error) {
	if opts.Index == nil {
		return nil, errors.New("web: no index")
	}
	if opts.Log == nil {
		opts.Log = logrus.StandardLogger()
	}
	s := &Server{opts: opts, mux: http.NewServeMux(), pages: map[string]*template.Template{}}
	for _, name := range []string{"home", "decisions", "attendance", "detail", "meetings", "meeting", "error"} {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	// GET patterns also answer HEAD; any other method gets 405.
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /decisions", s.decisions)
	s.mux.HandleFunc("GET /decisions.csv", s.decisionsCSV)
	s.mux.HandleFunc("GET /attendance", s.attendance)
	s.mux.HandleFunc("GET /attendance.csv", s.attendanceCSV)
	s.mux.HandleFunc("GET /attendance/detail", s.attendanceDetail)
	s.mux.HandleFunc("GET /meetings", s.meetings)
	s.mux.HandleFunc("GET /meetings/{id}", s.meeting)
	s.mux.HandleFunc("GET /meetings/{id}/source/{n}", s.source)
	return s, nil
}

// ServeHTTP answers r with security headers set and panics recovered.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "+
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.opts.Log.WithFields(logrus.Fields{"path": r.URL.Path, "panic": p}).Errorf("panic serving a page\n%s", debug.Stack())
			s.fail(w, r, http.StatusInternalServerError, "Internt fel", "Sidan kunde inte visas. Felet är loggat.")
		}
	}()
	s.mux.ServeHTTP(w, r)
	s.opts.Log.WithFields(logrus.Fields{"method": r.Method, "path": r.URL.Path, "took": time.Since(start).Round(time.Microsecond)}).Debug("request")
}

// withIndex runs ask with a backend for request r, answering r with an error
// page when the index cannot be had.
func (s *Server) withIndex(w http.ResponseWriter, r *http.Request, ask func(index.Backend) error) {
	b, release, err := s.opts.Index.Acquire(r.Context())
	if err != nil {
		s.indexError(w, r, err)
		return
	}
	defer release()
	if err := ask(b); err != nil {
		s.indexError(w, r, err)
	}
}

// indexError answers r with the page for an index error.
func (s *Server) indexError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, ErrNoIndex):
		s.fail(w, r, http.StatusServiceUnavailable, "Inget index ännu",
			"Det finns inga protokoll att visa än. Importera dem först med kommandot minutes import.")
	case errors.Is(err, index.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, "Finns inte", "Det du sökte finns inte i indexet.")
	case r.Context().Err() != nil:
		// The client went away; nobody to answer.
	default:
		s.opts.Log.WithFields(logrus.Fields{"path": r.URL.Path, "err": err}).Error("query failed")
		s.fail(w, r, http.StatusInternalServerError, "Frågan misslyckades", "Indexet kunde inte svara. Felet är loggat.")
	}
}

// errorPage is the data of the error template.
type errorPage struct {
	page
	Message string
}

// fail answers r with an error page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	s.render(w, r, status, "error", &errorPage{page: page{Title: title}, Message: msg})
}

// page is what every page's data has: its title, the navigation and the
// suggestions of the filter fields.
type page struct {
	Title string
	Nav   string // the current section: "home", "decisions", "attendance", "meetings"
	// Bodies and Municipalities are suggested in the filter fields.
	Bodies         []string
	Municipalities []string
}

// suggest fills p's suggestions for the filter fields; a failure only loses
// the suggestions.
func (s *Server) suggest(ctx context.Context, b index.Backend, p *page) {
	bodies, err := b.Bodies(ctx)
	if err != nil {
		s.opts.Log.WithError(err).Warn("listing the bodies")
	}
	p.Bodies, p.Municipalities = bodies, extract.MunicipalityNames()
}

func (p *page) base() *page { return p }

// pageData is the data of a page template.
type pageData interface{ base() *page }

// render writes the page template name with data.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) {
	t := s.pages[name]
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.opts.Log.WithFields(logrus.Fields{"path": r.URL.Path, "template": name, "err": err}).Error("rendering a page")
		http.Error(w, "internt fel", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}
