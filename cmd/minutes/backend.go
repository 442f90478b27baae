package main

// Opening the index: Elasticsearch or the embedded Bleve index.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/bleve"
	"github.com/goteborgsregionen/minutes/index/es"
)

// indexChoice is where the index lives: an Elasticsearch URL or a folder.
type indexChoice struct {
	esURL string // non-empty: Elasticsearch
	dir   string // else: the Bleve folder
	from  string // what decided it, for the debug log
}

// chooseIndex decides which index to open. Flags beat the environment:
//
//  1. --es URL: Elasticsearch
//  2. --index DIR: Bleve in DIR
//  3. $MINUTES_ES_URL: Elasticsearch
//  4. $MINUTES_INDEX: Bleve in that folder
//  5. Bleve in the user's data directory (see defaultIndexDir).
//
// An explicit --index thus wins over an Elasticsearch URL in the environment.
func chooseIndex(flagES, flagIndex string, getenv func(string) string, goos, home string) (indexChoice, error) {
	switch {
	case flagES != "":
		return indexChoice{esURL: flagES, from: "--es"}, nil
	case flagIndex != "":
		return indexChoice{dir: flagIndex, from: "--index"}, nil
	case getenv("MINUTES_ES_URL") != "":
		return indexChoice{esURL: getenv("MINUTES_ES_URL"), from: "$MINUTES_ES_URL"}, nil
	case getenv("MINUTES_INDEX") != "":
		return indexChoice{dir: getenv("MINUTES_INDEX"), from: "$MINUTES_INDEX"}, nil
	}
	dir, err := defaultIndexDir(goos, getenv, home)
	if err != nil {
		return indexChoice{}, err
	}
	return indexChoice{dir: dir, from: "default"}, nil
}

// defaultIndexDir is the default Bleve folder: minutes/index in the user's data
// directory — $XDG_DATA_HOME or ~/.local/share on Unix, ~/Library/Application
// Support on macOS, %LocalAppData% on Windows.
func defaultIndexDir(goos string, getenv func(string) string, home string) (string, error) {
	var base string
	switch goos {
	case "darwin", "ios":
		if home != "" {
			base = filepath.Join(home, "Library", "Application Support")
		}
	case "windows":
		base = getenv("LocalAppData")
		if base == "" && home != "" {
			base = filepath.Join(home, "AppData", "Local")
		}
	default:
		if x := getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
			base = x
		} else if home != "" {
			base = filepath.Join(home, ".local", "share")
		}
	}
	if base == "" {
		return "", errors.New("no home directory to keep the index in: give --index DIR or set $MINUTES_INDEX")
	}
	return filepath.Join(base, "minutes", "index"), nil
}

// openIndex opens the index the global flags and the environment choose, for
// reading: an embedded index is opened read-only (any number of readers,
// beside an import), and a missing one is an error that creates nothing. It
// also returns where the index is, for messages: the folder or the URL
// without password.
func openIndex(ctx context.Context) (index.Backend, string, error) {
	return openIndexFor(ctx, false)
}

// openIndexWrite opens the index like openIndex, for the one writer: an
// embedded index is created when absent, and written in a new generation
// that readers see when it is closed.
func openIndexWrite(ctx context.Context) (index.Backend, string, error) {
	return openIndexFor(ctx, true)
}

func openIndexFor(ctx context.Context, write bool) (index.Backend, string, error) {
	home, _ := os.UserHomeDir()
	c, err := chooseIndex(global.es, global.index, os.Getenv, runtime.GOOS, home)
	if err != nil {
		return nil, "", err
	}
	if c.esURL != "" {
		shown := es.RedactURL(c.esURL)
		logrus.WithFields(logrus.Fields{"url": shown, "from": c.from}).Debug("using Elasticsearch index")
		es, err := openES(ctx, c.esURL)
		if err != nil {
			return nil, "", fmt.Errorf("open Elasticsearch index at %s: %w", shown, redactErr(err, c.esURL))
		}
		return es, shown, nil
	}
	dir, err := filepath.Abs(c.dir)
	if err != nil {
		return nil, "", fmt.Errorf("index folder %s: %w", c.dir, err)
	}
	logrus.WithFields(logrus.Fields{"dir": dir, "from": c.from}).Debug("using Bleve index")
	if !write {
		b, err := bleve.OpenReadOnly(dir)
		if errors.Is(err, index.ErrNoIndex) {
			return nil, "", noIndexError{dir}
		}
		if err != nil {
			return nil, "", err
		}
		return b, dir, nil
	}
	b, err := bleve.Open(dir)
	if err != nil {
		return nil, "", err
	}
	return b, dir, nil
}

// noIndexError says that a folder holds no index and what to do about it.
type noIndexError struct{ dir string }

func (e noIndexError) Error() string {
	return "no index at " + e.dir + "; run `minutes import` first"
}

func (e noIndexError) Unwrap() error { return index.ErrNoIndex }

// openES opens the Elasticsearch index at url (one or more nodes,
// comma-separated); credentials and TLS settings come from the environment
// (see es.ConfigFromEnv).
func openES(ctx context.Context, url string) (index.Backend, error) {
	return es.Open(ctx, es.ConfigFromEnv(url))
}

// query opens the index, asks it one question and closes it; what names the
// question in an error ("" leaves the error as it is).
func query[T any](cmd *cobra.Command, what string, ask func(context.Context, index.Backend) (T, error)) (T, error) {
	ctx := cmd.Context()
	b, _, err := openIndex(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	defer closeIndex(b)
	v, err := ask(ctx, b)
	if err != nil && what != "" {
		err = fmt.Errorf("%s: %w", what, err)
	}
	return v, err
}

// closeIndex closes b, logging a failure.
func closeIndex(b index.Backend) {
	if err := b.Close(); err != nil {
		logrus.WithError(err).Error("closing the index")
	}
}

// redactErr hides in err's message the passwords of the URLs in u (the
// Elasticsearch client names its URLs in errors).
func redactErr(err error, u string) error {
	var secrets []string
	for _, s := range strings.Split(u, ",") {
		p, perr := url.Parse(strings.TrimSpace(s))
		if perr != nil || p.User == nil {
			continue
		}
		if pw, ok := p.User.Password(); ok && pw != "" {
			secrets = append(secrets, pw)
		}
	}
	if len(secrets) == 0 {
		return err
	}
	return &redactedError{err: err, secrets: secrets}
}

// redactedError is an error whose message hides secrets.
type redactedError struct {
	err     error
	secrets []string
}

func (e *redactedError) Error() string {
	msg := e.err.Error()
	for _, s := range e.secrets {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return msg
}

func (e *redactedError) Unwrap() error { return e.err }
