package extract

import (
	"strings"
	"testing"
)

func TestRecorders(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{doc("Antecknat av Cecilia Axelsson, planeringsledare GR"), "Cecilia Axelsson"},
		{doc("Antecknat av", "", "Nicholas Singleton/EB"), "Nicholas Singleton"},
		{doc("Vid protokollet", "Helena Holm"), "Helena Holm"},
		{doc("Vid protokollet: Helena Holm, nämndsekreterare"), "Helena Holm"},
		{doc("Sekreterare Anna Berg"), "Anna Berg"},
		{doc("Protokollförare: Bo Ek (S)"), "Bo Ek"},
		{doc("Mötessekreterare: Cia Lind"), "Cia Lind"},
		{doc("Vid pennan Dan Ström och Eva Ros"), "Dan Ström|Eva Ros"},
		{doc("Antecknare: Anna Berg", "", "Antecknat av Anna Berg"), "Anna Berg"},
		{doc("Vid anteckningarna", "Fia Falk"), "Fia Falk"},
		{doc("Sekreterare   ……………………………", "", "Helena Holm"), "Helena Holm"},
		{doc("Underskrifter\tSekreterare ………", "\tHelena Holm", "\tOrdförande ………", "\tAnna Andersson"), "Helena Holm"},
		{doc("Anteckningar", "Text utan namn."), ""},
		{doc("Vid anteckningarna", "/Tove Tall"), "Tove Tall"},
		{doc("Vid protokollet, Ulf Ulvsson."), "Ulf Ulvsson"},
		{doc("Mötessekreterare vera"), "vera"},
		// a two-column signature block: the recorder's column only
		{doc("Ordförande\tProtokollförare", "", "_______\t_______", "Åsa Ås\tÖrjan Örn"), "Örjan Örn"},
		// the name signed above its role
		{doc("Text.", "", "Greta Gran", "Sekreterare", "", "Justeras"), "Greta Gran"},
		// the role after the name, also with a handle
		{doc("Ida Ivarsson (ida), mötessekreterare", "Jan Jansson (jj), justerare"), "Ida Ivarsson"},
		{doc("Kim Kvist, Protokollförare"), "Kim Kvist"},
		// a board list or an election is not the recorder
		{doc("Styrelse:", "* Ordförande: Lina Lind", "* Kassör: Mia Mård", "* Sekreterare: Nils Nord"), ""},
		{doc("Förslag:", "Ordförande: lina", "Kassör: mia", "Sekreterare: nils"), ""},
		{doc("### Sekreterare", "Nominerar Olle Ohlsson."), ""},
		// no label: the secretary the meeting elects
		{doc("3. Val av mötessekreterare", "Mötet valde Petra Pil till mötessekreterare."), "Petra Pil"},
		{doc("Till protokollförare valdes Rut Ros."), "Rut Ros"},
		{doc("Ordföranden Sven Sand valde Tina Tor från Ekonomi Förvaltning till protokollförare."), "Tina Tor"},
		{doc("Mötet beslutade att välja Ulla Ur till ordförande och Vera Vik till sekreterare för mötet."), "Vera Vik"},
		{doc("Mötet valde olle (Olof Ode) till mötessekreterare."), "Olof Ode"},
		{doc("Mötet valde pelle som mötessekreterare."), "pelle"},
		{doc("## 4. Val av mötessekreterare", "", "Rolf Rask föreslogs och valdes."), "Rolf Rask"},
		{doc("Mötet beslöt att utse någon som sekreterare senare."), ""},
		// a meeting secretary wins over a board secretary elected later
		{doc("2. Val av mötessekreterare", "Mötet väljer Saga Sten till mötessekreterare.", "9. Val av styrelse", "Mötet väljer Tor Tand till sekreterare."), "Saga Sten"},
		{doc("Sekreterare för mötet: Vilma Vass"), "Vilma Vass"},
		{doc("Sekr.: Wilhelm Wahl"), "Wilhelm Wahl"},
		{doc("Protokollet fört av Xena Xu"), "Xena Xu"},
		{doc("Till ordförande valdes Yngve Yt och till sekreterare Zara Zell."), "Zara Zell"},
		{doc("Mötet utsåg Åsa Åhl att föra dagens protokoll."), "Åsa Åhl"},
		{doc("3. Val av mötessekreterare: Örjan Öst", "4. Val av justerare"), "Örjan Öst"},
		// two signature rows: the recorder's name above its role
		{doc("Text.", "", "Carl Ceder\tIda Idun", "Ordförande\tSekreterare", "", "Justeras", "", "Ola Ort\tPer Pärla", "Justerare\tJusterare"), "Ida Idun"},
		{doc("Protokollförare/sekreterare: Agnes Alm"), "Agnes Alm"},
		// signature blocks and role tables in Markdown
		{doc("| Ordförande | Sekreterare |", "|---|---|", "| Bengt Bok | Cecilia Cirkel |"), "Cecilia Cirkel"},
		{doc("| Funktion | Namn | E-post |", "|---|---|---|", "| Ordförande | Dora Dal | d@exempel.se |", "| Sekreterare | Erik Ekorre | e@exempel.se |"), "Erik Ekorre"},
		// a label wins over an election
		{doc("Mötet valde Ylva Yng till mötessekreterare.", "", "Vid protokollet", "Åke Åkesson"), "Åke Åkesson"},
	}
	for _, tt := range tests {
		m := extractText(t, "x.txt", tt.text)
		if got := strings.Join(m.RecordedBy, "|"); got != tt.want {
			t.Errorf("%q: recorded by %q, want %q", tt.text, got, tt.want)
		}
	}
}
