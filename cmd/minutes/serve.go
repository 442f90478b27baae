package main

// minutes serve: the index as a read-only web site (package cmd/internal/web).

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
	"github.com/goteborgsregionen/minutes/cmd/internal/web"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/bleve"
)

func init() { commands = append(commands, newServeCmd) }

type serveOptions struct {
	addr       string
	watch      []string
	watchEvery time.Duration
	hosts      []string
}

func newServeCmd() *cobra.Command {
	var opts serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the index as a web site for people who do not use a terminal",
		Long: `Serve answers the questions of the query commands as a web site (in Swedish):
decisions on a topic with the matched words highlighted, an attendance heatmap
of municipalities or people by period, every meeting whole with its source files,
and what the last import found to check by hand. CSV downloads of decisions and
attendance open in a spreadsheet.

The site is read-only and needs nothing from the Internet. It listens on this
machine only (127.0.0.1) unless --addr says otherwise; anyone who can reach the
address can read every imported document, so put it behind the team's usual
login when it listens beyond this machine. On loopback it answers only requests
for localhost, 127.0.0.1 and ::1 (so that no web page elsewhere can read the
minutes through a DNS name pointed at 127.0.0.1) and for the names given with
--host: the name a reverse proxy in front of it passes on.

Every request reads the index as it is then, so newly imported minutes show
without a restart, and a 'minutes import' can run beside the server.

--watch DIR imports new and changed minutes from DIR as they arrive, through
the same pipeline and checks as 'minutes import': the folder is looked at every
--watch-every, and a change is imported once it has stayed the same for that
long, so that a file being copied in is complete. The start page shows the
report of the last import. Files deleted from DIR stay in the index until
'minutes import --prune DIR'.`,
		Example: `  minutes serve
  minutes serve --index /srv/minutes/index --addr 0.0.0.0:8080
  minutes serve --watch /srv/delad/Protokoll`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", "127.0.0.1:8080", "listen on this `HOST:PORT`")
	f.StringArrayVar(&opts.watch, "watch", nil, "import new and changed minutes from `DIR` as they arrive (repeatable)")
	f.DurationVar(&opts.watchEvery, "watch-every", 5*time.Second, "how often the watched folders are looked at")
	f.StringArrayVar(&opts.hosts, "host", nil, "on loopback, also answer requests for this host `NAME` (a reverse proxy's)")
	return cmd
}

func runServe(cmd *cobra.Command, opts serveOptions) error {
	ctx := cmd.Context()
	dirs, err := watchDirs(opts.watch)
	if err != nil {
		return err
	}
	if opts.watchEvery <= 0 {
		return fmt.Errorf("--watch-every %s: must be positive", opts.watchEvery)
	}
	home, _ := os.UserHomeDir()
	c, err := chooseIndex(global.es, global.index, os.Getenv, runtime.GOOS, home)
	if err != nil {
		return err
	}
	var (
		src   web.Index
		write func(func(index.Backend) error) error
		where string
	)
	if c.esURL != "" {
		b, shown, err := openIndex(ctx)
		if err != nil {
			return err
		}
		defer closeIndex(b)
		src, where = sharedIndex{b}, shown
		write = func(fn func(index.Backend) error) error { return fn(b) }
	} else {
		dir, err := filepath.Abs(c.dir)
		if err != nil {
			return fmt.Errorf("index folder %s: %w", c.dir, err)
		}
		r := &bleveReader{dir: dir}
		defer r.close()
		src, where, write = r, dir, func(fn func(index.Backend) error) error { return writeBleve(dir, fn) }
	}
	report := lastImportFile(c)
	srv, err := web.New(web.Options{
		Index: src,
		Where: where,
		LastImport: func() (*web.ImportReport, error) {
			if report == "" {
				return nil, nil
			}
			return web.ReadImportReport(report)
		},
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", opts.addr, err)
	}
	var handler http.Handler = srv
	if isLoopback(ln.Addr()) {
		handler = loopbackHosts(srv, opts.hosts)
	} else {
		logrus.WithField("addr", ln.Addr().String()).Warn("listening beyond this machine: anyone who can reach it can read every imported document")
	}
	// net/http's own complaints (malformed requests) go to the debug log.
	errLog := logrus.StandardLogger().WriterLevel(logrus.DebugLevel)
	defer errLog.Close()
	hs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          log.New(errLog, "", 0),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	if _, err := fmt.Fprintf(stdout(cmd), "Serving %s at http://%s/ (Ctrl-C stops)\n", where, ln.Addr()); err != nil {
		ln.Close()
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if len(dirs) > 0 {
		w := &watcher{dirs: dirs, every: opts.watchEvery, importFiles: func(ctx context.Context, files []string) (*importer.Summary, error) {
			var s *importer.Summary
			err := write(func(b index.Backend) error {
				var err error
				s, err = importer.Run(ctx, importer.Options{Store: index.NewStore(b), Workers: max(1, runtime.NumCPU()/2)},
					importer.ResolveInputs(files))
				return err
			})
			if err != nil {
				return nil, err
			}
			s.Index = where
			storeLastImport(report, s)
			return s, nil
		}}
		watchCtx, stopWatch := context.WithCancel(ctx)
		watching := make(chan struct{})
		go func() {
			defer close(watching)
			w.run(watchCtx)
		}()
		defer func() {
			stopWatch()
			<-watching
		}()
		for _, d := range dirs {
			logrus.WithField("dir", d.Path).Info("watching for new minutes")
		}
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		// A browser's preconnected socket that never sent a request counts
		// as active for 5 s: past the grace period, close what is left.
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("stopping the web server: %w", err)
		}
		logrus.WithError(err).Debug("closing the connections still open after the grace period")
		if err := hs.Close(); err != nil {
			return fmt.Errorf("stopping the web server: %w", err)
		}
	}
	return nil
}

// loopbackHosts answers only requests for this machine's own names
// (localhost, 127.0.0.1, ::1) and the extra host names: a web page elsewhere
// cannot read the minutes through a DNS name rebound to 127.0.0.1.
func loopbackHosts(h http.Handler, extra []string) http.Handler {
	ok := map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}
	for _, e := range extra {
		ok[strings.ToLower(strings.TrimSpace(e))] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.ToLower(strings.Trim(host, "[]"))
		if !ok[host] {
			http.Error(w, "unknown host "+host+": give it to minutes serve with --host", http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// isLoopback tells whether addr is on the loopback interface only.
func isLoopback(addr net.Addr) bool {
	ta, ok := addr.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// sharedIndex is a backend opened once and shared by all requests
// (Elasticsearch: the server handles concurrent readers and writers).
type sharedIndex struct{ b index.Backend }

func (s sharedIndex) Acquire(context.Context) (index.Backend, func(), error) {
	return s.b, func() {}, nil
}

// bleveReader reads the Bleve index in dir through a bleve.Reader:
// read-only, beside any import, following each import's commit from the next
// request on. It opens the index at the first request that finds one, so
// that a server started before the first import serves once it is done. A
// missing index is reported, never created.
type bleveReader struct {
	dir string
	mu  sync.Mutex
	r   *bleve.Reader
}

func (r *bleveReader) Acquire(context.Context) (index.Backend, func(), error) {
	r.mu.Lock()
	if r.r == nil {
		br, err := bleve.OpenReader(r.dir)
		if err != nil {
			r.mu.Unlock()
			if errors.Is(err, index.ErrNoIndex) {
				return nil, nil, web.ErrNoIndex
			}
			return nil, nil, err
		}
		r.r = br
	}
	br := r.r
	r.mu.Unlock()
	b, release, err := br.Acquire()
	if err != nil {
		return nil, nil, err
	}
	return b, release, nil
}

// writeBleve runs fn with the Bleve index in dir opened for writing, creating
// it when absent, and commits the writes: readers see them from then on. It
// fails at once when another process is writing to dir.
func writeBleve(dir string, fn func(index.Backend) error) error {
	b, err := bleve.Open(dir)
	if err != nil {
		return err
	}
	ferr := fn(b)
	if err := b.Close(); err != nil && ferr == nil {
		ferr = err
	}
	return ferr
}

func (r *bleveReader) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.r != nil {
		if err := r.r.Close(); err != nil {
			logrus.WithError(err).Error("closing the index")
		}
		r.r = nil
	}
}
