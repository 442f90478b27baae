// AnalysisCheck runs the analysis chain of the Elasticsearch mapping
// (index/es/mapping.go, analyzer minutes_sv) with Lucene's own classes and
// prints the tokens of each line of standard input on one line of standard
// output, separated by spaces (an empty line when no token is left).
//
// The chain, as Elasticsearch builds it from the mapping:
//   tokenizer "standard"                    StandardTokenizer
//   "lowercase"                             LowerCaseFilter
//   stop, stopwords "_swedish_"             StopFilter(SwedishAnalyzer.getDefaultStopSet())
//   stemmer, language "swedish"             SnowballFilter(SwedishStemmer)
//   pattern_replace (each, in order)        PatternReplaceFilter(pattern, replacement, all=true)
//
// Arguments: the pattern_replace filters as pairs PATTERN REPLACEMENT, in
// the mapping's order (the Go test takes them from the mapping).
//
// Build and run (Debian: apt-get install liblucene8-java default-jdk-headless):
//   CP=/usr/share/java/lucene-core-8.7.0.jar:/usr/share/java/lucene-analyzers-common-8.7.0.jar
//   javac -cp $CP -d /tmp/ac AnalysisCheck.java
//   java -cp $CP:/tmp/ac AnalysisCheck PATTERN REPLACEMENT ... < words.txt

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.ext.SwedishStemmer;

public class AnalysisCheck {
    public static void main(String[] args) throws Exception {
        if (args.length % 2 != 0) {
            System.err.println("usage: AnalysisCheck [PATTERN REPLACEMENT]... < lines");
            System.exit(2);
        }
        List<Pattern> patterns = new ArrayList<>();
        List<String> replacements = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            patterns.add(Pattern.compile(args[i]));
            replacements.add(args[i + 1]);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            Tokenizer tok = new StandardTokenizer();
            tok.setReader(new StringReader(line));
            TokenStream ts = new LowerCaseFilter(tok);
            ts = new StopFilter(ts, SwedishAnalyzer.getDefaultStopSet());
            ts = new SnowballFilter(ts, new SwedishStemmer());
            for (int i = 0; i < patterns.size(); i++) {
                ts = new PatternReplaceFilter(ts, patterns.get(i), replacements.get(i), true);
            }
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            StringBuilder b = new StringBuilder();
            while (ts.incrementToken()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(term.toString());
            }
            ts.end();
            ts.close();
            out.println(b);
        }
        out.flush();
    }
}
