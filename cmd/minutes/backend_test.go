package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestChooseIndex(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		name              string
		flagES, flagIndex string
		env               func(string) string
		wantES, wantDir   string
	}{
		{"--es beats all", "http://es:9200", "/idx", env("MINUTES_ES_URL", "http://other:9200", "MINUTES_INDEX", "/env"), "http://es:9200", ""},
		{"--index beats the environment", "", "/idx", env("MINUTES_ES_URL", "http://other:9200"), "", "/idx"},
		{"$MINUTES_ES_URL", "", "", env("MINUTES_ES_URL", "http://other:9200", "MINUTES_INDEX", "/env"), "http://other:9200", ""},
		{"$MINUTES_INDEX", "", "", env("MINUTES_INDEX", "/env"), "", "/env"},
		{"XDG", "", "", env("XDG_DATA_HOME", "/xdg"), "", "/xdg/minutes/index"},
		{"relative XDG ignored", "", "", env("XDG_DATA_HOME", "xdg"), "", "/home/u/.local/share/minutes/index"},
		{"home", "", "", env(), "", "/home/u/.local/share/minutes/index"},
	} {
		c, err := chooseIndex(tc.flagES, tc.flagIndex, tc.env, "linux", "/home/u")
		if err != nil || c.esURL != tc.wantES || c.dir != filepath.FromSlash(tc.wantDir) {
			t.Errorf("%s: %+v, %v; want es %q dir %q", tc.name, c, err, tc.wantES, tc.wantDir)
		}
	}
	if _, err := chooseIndex("", "", env(), "linux", ""); err == nil || !strings.Contains(err.Error(), "--index") {
		t.Errorf("no home: %v; want an error suggesting --index", err)
	}
}

func TestDefaultIndexDir(t *testing.T) {
	getenv := func(k string) string {
		if k == "LocalAppData" {
			return `C:\Users\u\AppData\Local`
		}
		return ""
	}
	if got, _ := defaultIndexDir("darwin", getenv, "/Users/u"); got != filepath.Join("/Users/u", "Library", "Application Support", "minutes", "index") {
		t.Errorf("darwin: %q", got)
	}
	if got, _ := defaultIndexDir("windows", getenv, `C:\Users\u`); got != filepath.Join(`C:\Users\u\AppData\Local`, "minutes", "index") {
		t.Errorf("windows: %q", got)
	}
}

func TestOpenIndexErrors(t *testing.T) {
	// An Elasticsearch URL nothing listens on fails with the URL, without
	// its password.
	_, errOut, code := runCLI(t, "meetings", "--es", "http://user:pw@127.0.0.1:1")
	if code != 1 || !strings.Contains(errOut, "127.0.0.1:1") || strings.Contains(errOut, "pw@") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
