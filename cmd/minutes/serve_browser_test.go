package main

// End-to-end tests of `minutes serve` in headless Chromium, driven with
// chromedp: import, search a decision, open its meeting, read the heatmap,
// download the CSV, drop a file into a watched folder and see it appear, with
// and without JavaScript, on a desktop and a phone screen. Screenshots are
// saved in $MINUTES_SCREENSHOTS, else in minutes-serve-screenshots in the
// temporary folder.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromium returns the path of the Chromium binary. Without one the test is
// skipped, except in CI (CI=true), where it fails: .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI=true: .ci/run must install the Debian packages chromium and chromium-driver")
	}
	t.Skip("chromium is not installed (apt-get install chromium chromium-driver): browser tests skipped")
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile for the test and
// returns the context of its first tab.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromium(t)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelTab := chromedp.NewContext(alloc)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTime()
		cancelTab()
		cancelAlloc()
	})
	return ctx
}

// screenshots is the folder the screenshots go to.
func screenshots(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("MINUTES_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "minutes-serve-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// shot saves a screenshot of the whole page as dir/name.png.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// do runs steps and fails the test on an error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// value runs one action and returns its value, failing the test on an error.
func value[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// demoMunicipalities are the municipalities of the invented network, each
// with its representative.
var demoMunicipalities = [][2]string{
	{"Ale", "Anna Lind"}, {"Alingsås", "Bo Ek"}, {"Göteborg", "Cecilia Holm"}, {"Kungsbacka", "David Berg"},
	{"Kungälv", "Eva Strand"}, {"Lerum", "Fredrik Nord"}, {"Lilla Edet", "Gun Sjö"}, {"Partille", "Hanna Dahl"},
	{"Stenungsund", "Ivar Falk"}, {"Tjörn", "Jenny Ås"}, {"Öckerö", "Karl Ström"},
}

// demoMinutes returns the invented minutes of meeting k of a network meeting
// every quarter from 2021, with attendance gaps: Tjörn stops coming after
// k 5, Lilla Edet misses 2022, Ale every third meeting and Kungsbacka every
// fifth. It returns the file name and text.
func demoMinutes(k int, topic string) (string, string) {
	date := fmt.Sprintf("%d-%02d-%02d", 2021+k/4, 2+3*(k%4), 10+k%9)
	var present []string
	for _, m := range demoMunicipalities {
		switch {
		case m[0] == "Tjörn" && k >= 6, m[0] == "Lilla Edet" && k >= 4 && k <= 7,
			m[0] == "Ale" && k%3 == 1, m[0] == "Kungsbacka" && k%5 == 2:
			continue
		}
		present = append(present, m[1]+", "+m[0])
	}
	return date + " socialchefsnatverket.txt", fmt.Sprintf(`Minnesanteckningar Socialchefsnätverket %s

NÄRVARANDE:

%s

1. Välkommen

Ordföranden hälsar välkomna.

2. %s

Nätverket diskuterar %s och hur kommunerna kan samverka.

Beslut: Nätverket ställer sig bakom förslaget om %s och återkommer vid nästa möte.

3. Övrigt

Inget.
`, date, strings.Join(present, "\n"), topic, strings.ToLower(topic), strings.ToLower(topic))
}

var demoTopics = []string{"Hemlöshet", "Ekonomiskt bistånd", "Socionomprogrammet", "Placeringar av barn och unga",
	"Spelberoende", "Våld i nära relationer"}

// TestBrowser walks the site as a coordinator would.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	pics := screenshots(t)

	// The example minutes and twelve invented meetings of 2021-2023.
	demo := filepath.Join(t.TempDir(), "Socialchefsnätverket")
	for k := range 12 {
		name, text := demoMinutes(k, demoTopics[k%len(demoTopics)])
		writeFile(t, filepath.Join(demo, name), text)
	}
	idx := filepath.Join(t.TempDir(), "index")
	mustRun(t, "import", "--index", idx, filepath.Join("..", "..", "testdata", "minutes"), demo)
	drop := t.TempDir()
	s := startServe(t, "--index", idx, "--watch", drop, "--watch-every", "100ms")

	// Keyboard: the first Tab reaches the skip link, Enter moves to the
	// content.
	do(t, ctx, "keyboard", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.url+"/meetings"),
		chromedp.WaitVisible(chromedp.CSS("ul.meetings")), chromedp.KeyEvent("\t"))
	if got := value(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.textContent`)); got != "Hoppa till innehållet" {
		t.Errorf("Tab focuses %q, want the skip link", got)
	}
	do(t, ctx, "skip", chromedp.KeyEvent("\r"))
	if got := value(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); got != "main" {
		t.Errorf("after the skip link the focus is on %q, want main", got)
	}

	// The start page's search box has the focus.
	do(t, ctx, "start page", chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.ID("q")))
	if got := value(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); got != "q" {
		t.Errorf("the start page's focus is on %q, want the search box", got)
	}
	shot(t, ctx, pics, "start")

	// Search a decision from the start page's box.
	do(t, ctx, "search", chromedp.SendKeys(chromedp.ID("q"), "socionomprogrammet\r"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	count := value(t, ctx, "count", chromedp.Text(chromedp.ID("count")))
	if !strings.HasPrefix(count, "Beslut 1–3 av 3 om ”socionomprogrammet”") {
		t.Errorf("count line %q", count)
	}
	marks := value(t, ctx, "marks", chromedp.Evaluate[[]string](`[...document.querySelectorAll('.hit mark')].map(m => m.textContent.toLowerCase())`))
	if len(marks) < 3 {
		t.Errorf("highlights %q", marks)
	}
	for _, m := range marks {
		if !strings.HasPrefix(m, "socionomprogram") {
			t.Errorf("highlighted %q", m)
		}
	}
	shot(t, ctx, pics, "beslut")

	// Open the meeting of the example minutes' decision.
	href := value(t, ctx, "hit link", chromedp.Evaluate[string](
		`[...document.querySelectorAll('.hit .meta a')].find(a => a.textContent.includes('2022-11-30')).getAttribute('href')`))
	do(t, ctx, "open meeting", chromedp.Click(chromedp.CSS(`.hit .meta a[href="`+href+`"]`)), chromedp.WaitVisible(chromedp.ID("attendees")))
	h1 := value(t, ctx, "h1", chromedp.Text(chromedp.CSS("h1")))
	if !strings.Contains(h1, "Socialchefsnätverket") || !strings.Contains(h1, "2022-11-30") {
		t.Errorf("meeting heading %q", h1)
	}
	loc := value(t, ctx, "location", chromedp.Location())
	if !strings.Contains(loc, "#punkt-") {
		t.Errorf("meeting opened at %s, not at the decision's agenda point", loc)
	}
	if !value(t, ctx, "anchor", chromedp.Evaluate[bool](`document.querySelector(location.hash) !== null`)) {
		t.Errorf("no agenda point %s on the page", loc)
	}
	if n := value(t, ctx, "attendees", chromedp.Evaluate[int](`document.querySelectorAll('section[aria-labelledby=attendees] tbody tr').length`)); n < 10 {
		t.Errorf("%d attendees", n)
	}
	sources := value(t, ctx, "sources", chromedp.Evaluate[[]string](`[...document.querySelectorAll('section[aria-labelledby=sources] a')].map(a => a.getAttribute('href'))`))
	if len(sources) < 2 {
		t.Fatalf("source links %q", sources)
	}
	code, body := s.get(t, sources[0])
	if code != 200 || len(body) < 100 {
		t.Errorf("source %s: status %d, %d bytes", sources[0], code, len(body))
	}
	shot(t, ctx, pics, "mote")

	// The heatmap: gaps first, cells of a municipality.
	do(t, ctx, "attendance", chromedp.Navigate(s.url+"/attendance"), chromedp.WaitVisible(chromedp.ID("heatmap")))
	cells := map[string]string{
		`tr[data-key="Härryda"] td[data-period="2019"]`:    "1/1",
		`tr[data-key="Härryda"] td[data-period="2021"]`:    "0/4",
		`tr[data-key="Tjörn"] td[data-period="2022"]`:      "2/5",
		`tr[data-key="Tjörn"] td[data-period="2023"]`:      "0/4",
		`tr[data-key="Lilla Edet"] td[data-period="2022"]`: "1/5",
		`tr[data-key="Lerum"] td[data-period="2021"]`:      "4/4",
	}
	for sel, want := range cells {
		if got := value(t, ctx, sel, chromedp.Text(chromedp.CSS(sel))); got != want {
			t.Errorf("%s: %q, want %q", sel, got, want)
		}
	}
	if cls := value(t, ctx, "gap class", chromedp.Evaluate[string](`document.querySelector('tr[data-key="Tjörn"] td[data-period="2023"]').className`)); cls != "cell c0" {
		t.Errorf("a gap has class %q", cls)
	}
	keys := value(t, ctx, "row order", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#heatmap tbody tr[data-key]')].map(r => r.dataset.key)`))
	if len(keys) < 3 || keys[0] != "Härryda" && keys[0] != "Mölndal" {
		t.Errorf("rows %q: the municipalities with most gaps are not first", keys)
	}
	shot(t, ctx, pics, "narvaro")

	// With JavaScript, a box filters the rows.
	do(t, ctx, "filter rows", chromedp.SendKeys(chromedp.ID("filter-rows"), "tjö"))
	shown := value(t, ctx, "shown rows", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#heatmap tbody tr[data-key]')].filter(r => !r.hidden).map(r => r.dataset.key)`))
	if strings.Join(shown, ",") != "Tjörn" {
		t.Errorf("filtered rows %q", shown)
	}

	// Download the CSV.
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: ptr(true),
	}); err != nil {
		t.Fatal(err)
	}
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	do(t, ctx, "csv", chromedp.Click(chromedp.CSS(`a[href^="/attendance.csv"]`)))
	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(downloads, ev.GUID)
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("download cancelled")
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	csv := string(data)
	for _, want := range []string{"\uFEFFkommun;2019;2021;2022;2023;närvarat;andel;första;senaste\n",
		"(möten hållna);1;4;5;4;14;;;\n", "Tjörn;0;4;2;0;6;0.429;2021-02-10;2022-05-15\n"} {
		if !strings.Contains(csv, want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv)
		}
	}

	// The detail of a row: which meetings, which people.
	do(t, ctx, "detail", chromedp.Navigate(s.url+"/attendance"), chromedp.WaitVisible(chromedp.ID("heatmap")),
		chromedp.Click(chromedp.CSS(`tr[data-key="Tjörn"] th a`)), chromedp.WaitVisible(chromedp.ID("summary")))
	if got := value(t, ctx, "summary", chromedp.Text(chromedp.ID("summary"))); got != "Närvarade vid 6 av 14 möten." {
		t.Errorf("detail summary %q", got)
	}
	if n := value(t, ctx, "people", chromedp.Evaluate[int](`[...document.querySelectorAll('ul.people li')].filter(li => li.textContent.includes('Jenny Ås')).length`)); n != 6 {
		t.Errorf("Jenny Ås listed at %d meetings", n)
	}

	// A file dropped into the watched folder appears without a restart.
	name, text := demoMinutes(12, "Digital tillgänglighet")
	writeFile(t, filepath.Join(drop, name), text)
	deadline := time.Now().Add(30 * time.Second)
	for {
		do(t, ctx, "new decision", chromedp.Navigate(s.url+"/decisions?q=tillg%C3%A4nglighet"), chromedp.WaitVisible(chromedp.ID("count")))
		got := value(t, ctx, "count", chromedp.Text(chromedp.ID("count")))
		if strings.HasPrefix(got, "Beslut 1–1 av 1") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the dropped file never showed: %q", got)
		}
		time.Sleep(200 * time.Millisecond)
	}
	do(t, ctx, "start page", chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.ID("latest")))
	if first := value(t, ctx, "latest", chromedp.Text(chromedp.CSS("ul.meetings li .date"))); first != "2024-02-13" {
		t.Errorf("newest meeting on the start page: %q", first)
	}

	// On a phone: nothing wider than the screen.
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Navigate(s.url+"/decisions?q=socionomprogrammet"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	if w := value(t, ctx, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("the decisions page is %d px wide on a 390 px screen", w)
	}
	shot(t, ctx, pics, "telefon-beslut")
	do(t, ctx, "phone heatmap", chromedp.Navigate(s.url+"/attendance"), chromedp.WaitVisible(chromedp.ID("heatmap")))
	if w := value(t, ctx, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("the attendance page is %d px wide on a 390 px screen (the table scrolls in its box)", w)
	}
}

// TestBrowserWithoutJavaScript searches and reads the heatmap with scripts
// off.
func TestBrowserWithoutJavaScript(t *testing.T) {
	ctx := newBrowser(t)
	idx := filepath.Join(t.TempDir(), "index")
	mustRun(t, "import", "--index", idx, filepath.Join("..", "..", "testdata", "minutes"))
	s := startServe(t, "--index", idx)

	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "decisions", chromedp.Navigate(s.url+"/decisions"), chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "socionomprogrammet"), chromedp.SendKeys(chromedp.ID("from"), "2022\r"))
	// The form's own page lists decisions too: wait for the submitted one.
	deadline := time.Now().Add(30 * time.Second)
	for loc := ""; !strings.Contains(loc, "from=2022"); loc = value(t, ctx, "location", chromedp.Location()) {
		if time.Now().After(deadline) {
			t.Fatalf("the form did not submit its fields: %s", loc)
		}
		time.Sleep(50 * time.Millisecond)
	}
	do(t, ctx, "results", chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	if got := value(t, ctx, "count", chromedp.Text(chromedp.ID("count"))); !strings.HasPrefix(got, "Beslut 1–1 av 1 om ”socionomprogrammet”") {
		t.Errorf("count line %q", got)
	}
	do(t, ctx, "attendance", chromedp.Navigate(s.url+"/attendance"), chromedp.WaitVisible(chromedp.ID("heatmap")))
	if got := value(t, ctx, "cell", chromedp.Text(chromedp.CSS(`tr[data-key="Härryda"] td[data-period="2022"]`))); got != "0/1" {
		t.Errorf("Härryda 2022: %q", got)
	}
	if n := value(t, ctx, "filter box", chromedp.Evaluate[int](`document.querySelectorAll('#filter-rows').length`)); n != 0 {
		t.Error("the script ran although scripts are off")
	}
}

func ptr[T any](v T) *T { return &v }
