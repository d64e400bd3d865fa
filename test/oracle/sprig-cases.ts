// Hand-written cases for the differential test of the sprig functions: first those score-compose's
// own and the community provisioners and patch templates use, then the rest of what is implemented.
import { GO_CA_CERT, GO_CA_KEY, TS_CA_CERT, TS_CA_KEY } from './cert-fixtures.js';
import { data } from './go-data.js';
import type { TemplateCase } from './template-cases.js';

const c = (t: string): TemplateCase => ({ t });

/** The functions the corpus's provisioners and patch templates call. */
const USED_BY_PROVISIONERS: TemplateCase[] = [
  c(
    '{{ dig "a" "x" "def" .nested }} {{ dig "a" "b" "c" "def" .nested }} {{ dig "zz" "def" .m }} {{ dig "a" "def" .m }}',
  ),
  c('{{ dig "a" "b" "def" .m }}'),
  c('{{ dig "a" "def" .missing }}'),
  c('{{ dig "a" "def" .s }}'),
  c('{{ dig "a" .m }}'),
  c('{{ dig 1 "def" .m }}'),
  c('{{ dig "d" "x" "" .m | quote }} {{ dig "nil" "d" . }} {{ dig "m" "c" nil . }}'),
  c(
    '{{ quote .s }} {{ quote .n .f .b }} {{ quote "a\\"b" }} {{ quote .nil }} {{ quote .missing }} {{ quote .l }} {{ quote }} {{ quote .uni }}',
  ),
  c('{{ squote .s }} {{ squote .n .nil .l }} {{ squote "it\'s" }} {{ .s | squote }}'),
  c('{{ ne .s "x" }} {{ not (eq .n 42) }}'),
  c('{{ len (randAlphaNum 16) }} {{ regexMatch "^[a-zA-Z0-9]{12}$" (randAlphaNum 12) }} {{ randAlphaNum 0 }}'),
  c(
    '{{ len (randAlpha 8) }} {{ regexMatch "^[a-zA-Z]{8}$" (randAlpha 8) }} {{ regexMatch "^[0-9]{5}$" (randNumeric 5) }}',
  ),
  c('{{ len (randAscii 7) }} {{ randAlphaNum .s }}'),
  c('{{ fail "unknown workload" }}'),
  c('{{ if not .m.zz }}{{ fail (printf "missing %s" "zz") }}{{ end }}'),
  c(
    '{{ default "d" .missing }} {{ default "d" .e }} {{ default "d" .s }} {{ default 5 .z }} {{ default "d" .nil }} {{ .e | default "x" }} {{ default "d" }}',
  ),
  c('{{ default "d" .em }} {{ default "d" .el }} {{ default "d" .l }} {{ default "d" false }} {{ default "d" .m }}'),
  c('{{ lower "HeLLo ÄÖ" }} {{ upper "hello äö ß" }} {{ .s | upper }} {{ title "hello wörld-x y_z" }}'),
  c('{{ upper .n }}'),
  c(
    '{{ b64enc "hello" }} {{ b64enc "" }} {{ b64enc .uni }} {{ b64dec "aGVsbG8=" }} {{ b64dec "!!" }} {{ b64dec "aGVsbG8" }}',
  ),
  c('{{ dict "a" 1 "b" "x" }} {{ dict }} {{ dict "odd" }} {{ dict 1 2 .b 3 }} {{ (dict "k" .m).k.a }}'),
  c(
    '{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }} {{ $_ := unset $d "a" }}{{ $d }} {{ hasKey $d "b" }} {{ get $d "b" }} {{ get $d "zz" }}',
  ),
  c(
    '{{ substr 0 3 "hello" }} {{ substr 1 -1 "hello" }} {{ substr -1 2 "hello" }} {{ substr 2 99 "hello" }} {{ substr 0 3 .uni }}',
  ),
  c('{{ substr 4 2 "hello" }}'),
  c('{{ substr 0 9 "hi" }} {{ substr 9 1 "hi" }}'),
  c(
    '{{ regexMatch "^h.*o$" .s }} {{ regexMatch "[0-9]+" "abc" }} {{ regexMatch "(" "x" }} {{ regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" "my-name" }}',
  ),
  c('{{ and (ne .s "") (eq .n 42) }} {{ or .missing "fallback" }}'),
  c('{{ printf "%s-%d" .s .n }} {{ print .s .n }}'),
  c('{{ cat "a" "b" 1 .nil 2.5 .l }} {{ cat }} {{ cat .nil }}'),
  c(
    '{{ splitList "," "a,b,,c" }} {{ splitList "," "" }} {{ splitList "" "abc" }} {{ len (splitList "." "a.b.c") }} {{ last (splitList "/" "x/y/z") }}',
  ),
  c('{{ replace "." "-" "a.b.c" }} {{ replace "" "-" "ab" }} {{ .s | replace "l" "L" }}'),
  c('{{ last .l }} {{ last .el }} {{ last .sl }} {{ first .l }} {{ first .el }} {{ last (list) }}'),
  c('{{ last .s }}'),
  c('{{ last .missing }}'),
  c(
    '{{ atoi "42" }} {{ atoi "-7" }} {{ atoi "x" }} {{ atoi "" }} {{ atoi "1.5" }} {{ atoi " 3" }} {{ atoi "+5" }} {{ atoi "007" }} {{ atoi .port | add 1 }}',
  ),
  c('{{ has 2 .l }} {{ has 9 .l }} {{ has "a" .sl }} {{ has 1 .nil }} {{ has .nil .mixed }} {{ has 2.5 .mixed }}'),
  c('{{ has 1 .s }}'),
  c(
    '{{ add 1 2 }} {{ add }} {{ add 1 "2" 3.9 true .nil }} {{ add1 5 }} {{ sub 5 7 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ div -7 2 }} {{ mod -7 3 }}',
  ),
  c('{{ div 1 0 }}'),
  c('{{ add "0x10" "010" "1.00" "1e3" }} {{ typeOf (add 1 2) }} {{ eq (add 1 1) 2 }}'),
  c('{{ keys .m | sortAlpha }} {{ keys .em }} {{ keys .m .tricky | sortAlpha }} {{ len (keys .m) }}'),
  c('{{ reverse .l }} {{ reverse .el }} {{ reverse .sl }} {{ reverse (list) }}'),
  c('{{ reverse .s }}'),
  c('{{ trimSuffix ".yaml" "file.yaml" }} {{ trimSuffix "x" "abc" }} {{ trimPrefix "ab" "abc" }}'),
  c('{{ indent 2 "a\\nb" }}|{{ nindent 4 "x" }}|{{ indent 0 "" }}|{{ indent -1 "q" }}'),
  c(
    '{{ $l := list 1 2 }}{{ append $l 3 }} {{ $l }} {{ append .el "x" }} {{ append .sl 1 }} {{ prepend .l 0 }} {{ append .nil 1 }}',
  ),
  c('{{ append .s "x" }}'),
  c(
    '{{ toJson .m }} {{ toJson .l }} {{ toJson .s }} {{ toJson .nil }} {{ toJson .missing }} {{ toJson .f }} {{ toJson .fi }} {{ toJson .html }}',
  ),
  c(
    '{{ toJson .small }} {{ toJson .huge }} {{ toJson 1e21 }} {{ toJson 0.000001 }} {{ toJson 100000000000000000000.0 }} {{ toJson .uni }} {{ toJson "\\u2028\\t\\x01" }}',
  ),
  c('{{ toRawJson .html }} {{ toRawJson .m }} {{ toPrettyJson .m }} {{ toPrettyJson .em }} {{ toPrettyJson .el }}'),
  c('{{ toJson .tricky }} {{ toJson .mixed }} {{ toJson (dict "b" 1 "a" 2) }}'),
  c(
    '{{ $m := dict "a" 1 "n" (dict "x" 1) }}{{ $_ := merge $m (dict "a" 2 "b" 3 "n" (dict "x" 2 "y" 3)) }}{{ toJson $m }}',
  ),
  c(
    '{{ toJson (merge (dict "a" "" "b" 0) (dict "a" "x" "b" 5 "c" .nil)) }} {{ toJson (mergeOverwrite (dict "a" 1 "b" 2) (dict "a" 9 "b" "")) }}',
  ),
  c('{{ merge .m "x" }}'),
  c('{{ ternary "yes" "no" true }} {{ ternary "yes" "no" false }} {{ ternary 1 2 (eq .n 42) }}'),
  c('{{ ternary 1 2 .n }}'),
  c(
    '{{ contains "ell" .s }} {{ contains "" .s }} {{ contains "z" .s }} {{ hasPrefix "he" .s }} {{ hasSuffix "lo" .s }}',
  ),
  c(
    '{{ min 3 1 2 }} {{ max 3 1 2 }} {{ min 5 }} {{ biggest 1 "9" }} {{ min .f 2 }} {{ maxf 1 2.5 }} {{ minf 1 0.5 "x" }}',
  ),
  c('{{ list }} {{ list 1 "a" .nil }} {{ list .l .m }} {{ len (list 1 2) }} {{ index (list 1 2) 1 }}'),
];

/** The rest of the implemented sprig functions. */
const OTHER_SPRIG: TemplateCase[] = [
  c(
    '{{ trim "  a b \\n" }} {{ trimAll "x" "xxaxx" }} {{ trimall "-_" "-_a_-" }} {{ nospace " a b\\tc " }} {{ untitle "Hello" }}',
  ),
  c('{{ repeat 3 "ab" }} {{ repeat 0 "x" }} {{ plural "one" "many" 1 }} {{ plural "one" "many" 2 }}'),
  c('{{ repeat -1 "x" }}'),
  c('{{ toString 1 }} {{ toString 1.5 }} {{ toString .l }} {{ toString .nil }} {{ toString .m }} {{ toString true }}'),
  c('{{ trunc 3 "hello" }} {{ trunc -2 "hello" }} {{ trunc 10 "hi" }} {{ trunc -10 "hi" }}'),
  c(
    '{{ join "," .l }} {{ join "-" .sl }} {{ join "," .mixed }} {{ join "," .s }} {{ join "," .nil }} {{ join "," (list 1 .nil 2) }}',
  ),
  c('{{ split "," "a,b,c" }} {{ (split "," "a,b")._1 }} {{ splitn "," 2 "a,b,c" }} {{ splitn "," 0 "a,b" }}'),
  c(
    '{{ toStrings .l }} {{ toStrings .mixed }} {{ typeOf (toStrings .l) }} {{ sortAlpha .sl }} {{ sortAlpha (list "b" 10 "a" 2) }} {{ sortAlpha .s }}',
  ),
  c('{{ initials "hello big world" }} {{ swapcase "Hello World" }}'),
  c(
    '{{ rest .l }} {{ rest .el }} {{ initial .l }} {{ initial .el }} {{ compact (list 0 1 "" "a" .nil false true) }} {{ uniq (list 1 1 "a" "a" 1.0 .l .l) }}',
  ),
  c(
    '{{ without .l 2 }} {{ without .mixed .nil "a" }} {{ slice .l 1 }} {{ slice .l 0 2 }} {{ slice .el }} {{ slice .sl 1 }} {{ concat .l .sl (list) }} {{ concat }}',
  ),
  c('{{ slice .l 2 1 }}'),
  c(
    '{{ chunk 2 .l }} {{ chunk 2 .el }} {{ until 3 }} {{ until -3 }} {{ untilStep 0 10 3 }} {{ untilStep 5 0 -2 }} {{ untilStep 0 5 -1 }}',
  ),
  c('{{ pluck "a" .m (dict "a" 9) (dict) }} {{ pick .m "a" "zz" }} {{ omit .m "a" "c" }} {{ values (dict "a" 1) }}'),
  c(
    '{{ coalesce .missing .e 0 "x" 1 }} {{ coalesce .nil }} {{ all 1 "a" .l }} {{ all 1 "" }} {{ any 0 "" .nil }} {{ any 0 1 }} {{ empty .em }} {{ empty 0.0 }} {{ empty .m }}',
  ),
  c(
    '{{ (fromJson "{\\"a\\":1,\\"b\\":[1,2.5]}").a }} {{ typeOf (fromJson "{\\"a\\":1}").a }} {{ fromJson "bad" }} {{ fromJson "[1]" }}',
  ),
  c('{{ mustFromJson "bad" }}'),
  c('{{ deepEqual .l .l }} {{ deepEqual (list 1) (list 1) }} {{ deepEqual 1 1.0 }} {{ deepEqual .m .m }}'),
  c(
    '{{ floor 1.7 }} {{ ceil 1.2 }} {{ round 1.2345 2 }} {{ round 1.5 0 }} {{ round 2.5 0 }} {{ round -1.5 0 }} {{ floor "3.9" }} {{ int64 "42" }} {{ int 3.9 }} {{ float64 "1.5" }} {{ float64 3 }}',
  ),
  // Numbers as printf "%x" writes floats: Go's hexadecimal float form, which strconv reads back.
  c(
    '{{ 2.0 | printf "%x" | floor }} {{ -12.5 | printf "%x" | float64 }} {{ float64 "0x1.8p1" }} {{ float64 "0X_1p-2" }} {{ float64 "0x1p" }} {{ float64 "0x.8p1" }} {{ int "0x1p4" }}',
  ),
  c('{{ typeOf (float64 3) }} {{ typeOf (int 3) }} {{ typeOf (int64 3) }} {{ toDecimal "0777" }} {{ toDecimal "8" }}'),
  c('{{ sha256sum "hello" }} {{ sha1sum "" }} {{ adler32sum "hello" }}'),
  c('{{ len (uuidv4) }} {{ regexMatch "^[0-9a-f-]{36}$" uuidv4 }}'),
  c(
    '{{ regexFind "[0-9]+" "abc123def45" }} {{ regexFindAll "[0-9]+" "a1b22c333" -1 }} {{ regexFindAll "[0-9]+" "a1b22c333" 2 }} {{ regexFind "x" "abc" }}',
  ),
  c(
    '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexReplaceAll "(?i)HELLO" "hello Hello" "bye" }} {{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}',
  ),
  c('{{ regexSplit "z+" "pizza" -1 }} {{ regexQuoteMeta "a.b*c" }} {{ mustRegexMatch "^a" "abc" }}'),
  c(
    '{{ typeOf .s }} {{ typeOf .n }} {{ typeOf .f }} {{ typeOf .l }} {{ typeOf .m }} {{ typeOf .nil }} {{ typeOf .b }} {{ typeOf (splitList "," "a") }}',
  ),
  c(
    '{{ kindOf .s }} {{ kindOf .n }} {{ kindOf .l }} {{ kindOf .m }} {{ kindOf .f }} {{ kindIs "map" .m }} {{ typeIs "string" .s }} {{ typeIsLike "string" .s }}',
  ),
  c(
    '{{ base "/a/b.txt" }} {{ dir "/a/b.txt" }} {{ clean "a//b/../c/" }} {{ ext "x/y.tar.gz" }} {{ isAbs "/x" }} {{ base "" }} {{ dir "file" }} {{ clean "" }}',
  ),
  c('{{ mustLast .el }} {{ mustFirst .l }} {{ mustHas 1 .l }}'),
  c('{{ slice .s 1 }}'),
];

/** Strings, encodings, case changes, seq, semver, URLs and the environment. */
const MORE_SPRIG: TemplateCase[] = [
  c('{{ hello }} {{ hello | upper }}'),
  c('{{ hello 1 }}'),
  c(
    '[{{ abbrev 5 "hello world" }}] [{{ abbrev 3 "hello world" }}] [{{ abbrev 4 "hello world" }}] [{{ abbrev 20 "hello" }}] [{{ abbrev 5 "" }}] [{{ abbrev 0 "" }}] [{{ abbrev -1 "abc" }}]',
  ),
  c(
    '[{{ abbrev 8 "héllo wörld" }}] [{{ abbrev 11 "héllo wörld" }}] [{{ abbrev 10 .uni }}] [{{ abbrev 11 "hello world" }}]',
  ),
  c(
    '[{{ abbrevboth 5 10 "1234 5678 9123" }}] [{{ abbrevboth 0 4 "hello world" }}] [{{ abbrevboth 1 6 "hello world" }}] [{{ abbrevboth 2 3 "hello" }}]',
  ),
  c(
    '[{{ abbrevboth 10 10 "abcdefghijklmnopqrstuvwxyz" }}] [{{ abbrevboth 5 7 "abcdefghijklmnopqrstuvwxyz" }}] [{{ abbrevboth 100 7 "abcdefghijklmnopqrstuvwxyz" }}] [{{ abbrevboth -5 8 "abcdefghijklmnopqrstuvwxyz" }}] [{{ abbrevboth 6 8 "" }}]',
  ),
  c('{{ abbrev "x" "hello" }}'),
  c('[{{ wrap 5 "Hello World, how are you?" }}] [{{ wrap 0 "a b c" }}] [{{ wrap -3 "ab cd" }}] [{{ wrap 10 "" }}]'),
  c(
    '[{{ wrap 4 "supercalifragilistic is long" }}] [{{ wrap 3 "   lead  spaces   " }}] [{{ wrap 6 "héllo wörld ✓ 🎉 ok" }}] [{{ wrap 80 "short" }}]',
  ),
  c(
    '[{{ wrapWith 5 "\\t" "Hello World" }}] [{{ wrapWith 4 "<br>" "supercalifragilistic is long" }}] [{{ wrapWith 3 "" "abcdefg" }}] [{{ wrapWith 0 "|" "ab cd" }}]',
  ),
  c('[{{ seq }}] [{{ seq 0 }}] [{{ seq 1 }}] [{{ seq 5 }}] [{{ seq -3 }}]'),
  c('[{{ seq 2 5 }}] [{{ seq 5 2 }}] [{{ seq -2 2 }}] [{{ seq 3 3 }}] [{{ seq 0 -3 }}]'),
  c(
    '[{{ seq 0 2 10 }}] [{{ seq 10 -3 0 }}] [{{ seq 10 3 0 }}] [{{ seq 0 -1 5 }}] [{{ seq 1 0 5 }}] [{{ seq 5 0 1 }}] [{{ seq 3 1 3 }}] [{{ seq -5 2 -1 }}]',
  ),
  c('[{{ seq 1 2 3 4 }}] [{{ seq .n 44 }}]'),
  c('{{ seq "3" }}'),
  c('{{ seq 1.5 }}'),
  c(
    '[{{ b32enc "" }}] [{{ b32enc "f" }}] [{{ b32enc "fo" }}] [{{ b32enc "foo" }}] [{{ b32enc "foob" }}] [{{ b32enc "fooba" }}] [{{ b32enc "foobar" }}] [{{ b32enc .uni }}]',
  ),
  c(
    '[{{ b32dec "" }}] [{{ b32dec "MZXW6YTBOI======" }}] [{{ b32dec "MZXW6===" }}] [{{ b32dec (b32enc .uni) }}] [{{ b32dec "MZXW\\r\\n6===" }}]',
  ),
  c(
    '[{{ b32dec "mzxw6===" }}] [{{ b32dec "MZXW6" }}] [{{ b32dec "MZXW6YTBOI" }}] [{{ b32dec "M=======" }}] [{{ b32dec "MZX=====" }}] [{{ b32dec "MZXW6YT=" }}]',
  ),
  c(
    '[{{ b32dec "MZ======MZ======" }}] [{{ b32dec "MZ=====" }}] [{{ b32dec "MZ===A==" }}] [{{ b32dec "MZ1=====" }}] [{{ b32dec "!" }}] [{{ b32dec "MZXW6===\\nx" }}]',
  ),
  c(
    '[{{ camelcase "" }}] [{{ camelcase "http_server" }}] [{{ camelcase "_complex__case_" }}] [{{ camelcase "some words" }}] [{{ camelcase "HTTPServer_id" }}] [{{ camelcase "fooBar" }}] [{{ camelcase "foo-bar baz" }}]',
  ),
  c(
    '[{{ camelcase "_" }}] [{{ camelcase "a" }}] [{{ camelcase "--" }}] [{{ camelcase "x_" }}] [{{ camelcase "ünïcode_wörds ärë" }}] [{{ camelcase "  lead" }}] [{{ camelcase "a__b" }}] [{{ camelcase "ǆ_ß" }}]',
  ),
  c(
    '[{{ snakecase "" }}] [{{ snakecase "HTTPServer_id" }}] [{{ snakecase "fooBar" }}] [{{ snakecase "foo-bar baz" }}] [{{ snakecase "FirstName" }}] [{{ snakecase "NoHTTPS" }}] [{{ snakecase "GO_PATH" }}]',
  ),
  c(
    '[{{ snakecase "GO PATH" }}] [{{ snakecase "GO-PATH" }}] [{{ snakecase "http2xx" }}] [{{ snakecase "HTTP20xOK" }}] [{{ snakecase "Duration2m3s" }}] [{{ snakecase "Bld4Floor" }}] [{{ snakecase "a0b1c2" }}]',
  ),
  c(
    '[{{ snakecase "  foo__bar  " }}] [{{ snakecase "foo.bar!Baz" }}] [{{ snakecase "HelloWörldÄÖ" }}] [{{ snakecase "中文Name" }}] [{{ snakecase "x9" }}] [{{ snakecase "9x" }}] [{{ snakecase "ABC" }}] [{{ snakecase "A" }}]',
  ),
  c(
    '[{{ snakecase "v1.2.3" }}] [{{ snakecase "RGBa" }}] [{{ snakecase "IDs" }}] [{{ snakecase "userID" }}] [{{ snakecase "a_-_b" }}] [{{ snakecase "🎉Party" }}] [{{ snakecase "Ab1Cd2" }}] [{{ snakecase "AB1cd" }}] [{{ snakecase "AB1 cd" }}]',
  ),
  c(
    '[{{ kebabcase "" }}] [{{ kebabcase "HTTPServer_id" }}] [{{ kebabcase "fooBar" }}] [{{ kebabcase "foo-bar baz" }}] [{{ kebabcase "FirstName" }}] [{{ kebabcase "HTTP2xx" }}] [{{ kebabcase "foo_bar" }}] [{{ kebabcase .uni }}]',
  ),
  c(
    '{{ semver "1.2.3" }} {{ semver "v1.2.3-beta.1+build.5" }} {{ semver "1" }} {{ semver "1.2" }} {{ semver "01.02.03" }} {{ (semver "v1.2").Original }}',
  ),
  c(
    '{{ $v := semver "v2.10.3-rc.1+meta.x" }}{{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} [{{ $v.Prerelease }}] [{{ $v.Metadata }}] {{ $v.Original }} {{ typeOf $v }} {{ typeOf $v.Major }} {{ kindOf $v }}',
  ),
  c(
    '{{ printf "%s|%v|%q|%d" (semver "1.2.3-x") (semver "1.2.3") (semver "4.5.6") (semver "7.8.9").Minor }} {{ list (semver "1.0.0") (semver "2.0") }} {{ toString (semver "3.1") }} {{ toJson (semver "1.2+m") }} {{ quote (semver "1.0") }}',
  ),
  c(
    '{{ if semver "1.0.0" }}yes{{ end }} {{ (semver "1.0.0-alpha").Prerelease | upper }} {{ add1 (semver "41.0.0").Major }}',
  ),
  c('{{ semver "" }}'),
  c('{{ semver "1.2.3.4" }}'),
  c('{{ semver "x.y.z" }}'),
  c('{{ semver "1.2.3-01" }}'),
  c('{{ semver "1.2.3-a..b" }}'),
  c('{{ semver "1.2.3+a..b" }}'),
  c('{{ semver "1.2.3-ä" }}'),
  c('{{ semver "99999999999999999999.0.0" }}'),
  c('{{ semver " 1.2.3" }}'),
  c(
    '{{ semverCompare "^1.2.0" "1.2.3" }} {{ semverCompare "^1.2.0" "2.0.0" }} {{ semverCompare ">= 1.2, < 2.0" "1.5.0" }} {{ semverCompare "~1.2" "1.3.0" }} {{ semverCompare "1.2.x" "1.2.9" }} {{ semverCompare "*" "0.0.1" }}',
  ),
  c(
    '{{ semverCompare "1.2.3 - 1.4.5" "1.4.5" }} {{ semverCompare "1.2 - 1.4" "1.4.9" }} {{ semverCompare ">1.0 || <0.5" "0.4.0" }} {{ semverCompare "!=1.2.3" "1.2.3" }} {{ semverCompare "!=1.2.x" "1.3.0" }} {{ semverCompare "=1.0.0" "v1.0.0" }}',
  ),
  c(
    '{{ semverCompare ">=1.0.0" "1.1.0-beta" }} {{ semverCompare ">=1.0.0-0" "1.1.0-beta" }} {{ semverCompare "^0.2.3" "0.2.9" }} {{ semverCompare "^0.2.3" "0.3.0" }} {{ semverCompare "^0.0.3" "0.0.4" }} {{ semverCompare "^0.0" "0.0.9" }}',
  ),
  c(
    '{{ semverCompare ">1.2" "1.2.9" }} {{ semverCompare ">1.x" "2.0.0" }} {{ semverCompare "<=1.2" "1.2.9" }} {{ semverCompare "<=1.2" "1.3.0" }} {{ semverCompare "=<1.x" "1.9.0" }} {{ semverCompare "~>2.1.0" "2.1.5" }} {{ semverCompare "~0" "0.9.0" }}',
  ),
  c(
    '{{ semverCompare "1.0.0-alpha.10" "1.0.0-alpha.10" }} {{ semverCompare ">1.0.0-alpha.2" "1.0.0-alpha.10" }} {{ semverCompare ">1.0.0-alpha" "1.0.0-alpha.beta" }} {{ semverCompare "<1.0.0-beta" "1.0.0-alpha.1" }} {{ semverCompare ">1.0.0-1" "1.0.0-a" }}',
  ),
  c('{{ semverCompare "" "1.0.0" }}'),
  c('{{ semverCompare ">= foo" "1.0.0" }}'),
  c('{{ semverCompare "1|2" "1.0.0" }}'),
  c('{{ semverCompare "1x" "1.0.0" }}'),
  c('{{ semverCompare "^1.0 ||" "1.0.0" }}'),
  c('{{ semverCompare "^1.0" "not-a-version" }}'),
  c('{{ semverCompare ">=1.0.0 <2.0.0,!=1.5.0" "1.5.0" }} {{ semverCompare ">=1.0.0 <2.0.0,!=1.5.0" "1.6.0" }}'),
  c(
    '{{ $u := urlParse "https://user:p%40ss@example.com:8443/a%20b/c?x=1&y=2#frag%21ment" }}{{ $u.scheme }}|{{ $u.host }}|{{ $u.hostname }}|{{ $u.path }}|{{ $u.query }}|{{ $u.fragment }}|{{ $u.userinfo }}|{{ $u.opaque }}',
  ),
  c(
    '{{ urlParse "mailto:joe@example.com" }} {{ urlParse "/just/a/path?q" }} {{ urlParse "" }} {{ urlParse "//host:80" }} {{ urlParse "http://[::1]:8080/x" }} {{ urlParse "HTTP://Host.COM/" }}',
  ),
  c(
    '{{ urlParse "http://user@h/" }} {{ urlParse "x?" }} {{ urlParse "http://h/p#" }} {{ urlParse "http://héllo.com/wörld?ü=1#ö" }} {{ urlParse "*" }} {{ urlParse "http://u:@h" }}',
  ),
  c('{{ urlParse "http://a b@h/" | toJson }}'),
  c(
    '{{ urlParse "http://[::1%25en0]:80/" }} {{ urlParse "http://h/%2Fa%2fb" }} {{ urlParse "a/b:c" }} {{ urlParse "http://h:/p" }}',
  ),
  c('{{ urlParse "http://h:port/" }}'),
  c('{{ urlParse ":foo" }}'),
  c('{{ urlParse "a:b/c:d" }} {{ urlParse "http://h/a?b?c" }} {{ urlParse "http:///x" }} {{ urlParse "///x" }}'),
  c('{{ urlParse "1http://x" }}'),
  c('{{ urlParse "foo:bar/x" | toJson }} {{ urlParse "c:d/e" | toJson }}'),
  c('{{ urlParse "x:y" }} {{ urlParse "x/y:z" }}'),
  c('{{ urlParse "y:z/x" }} {{ urlParse "/y:z" }}'),
  c('{{ urlParse "a:b" }}'),
  c('{{ urlParse "nop:x" }}'),
  c('{{ urlParse "b:c/" }}'),
  c('{{ urlParse "http://h/%zz" }}'),
  c('{{ urlParse "http://h/#%zz" }}'),
  c('{{ urlParse "http://[::1/" }}'),
  c('{{ urlParse "http://h%41/" }}'),
  c('{{ urlParse "http://h<>/" }}'),
  c('{{ urlParse "http://a\\x01b/" }}'),
  c('{{ urlParse "http://u^@h/" }}'),
  c('{{ urlParse "aa:b" }}'),
  c('{{ urlParse "1:b" }}'),
  c('{{ urlParse "3:b" }}'),
  c(
    '{{ urlJoin (dict "scheme" "https" "host" "example.com:8080" "path" "/a b/c" "query" "x=1" "fragment" "f g" "userinfo" "user:p@ss") }} {{ urlJoin (dict) }} {{ urlJoin (dict "path" "a:b") }}',
  ),
  c(
    '{{ urlJoin (dict "scheme" "mailto" "opaque" "joe@example.com") }} {{ urlJoin (dict "host" "h" "path" "rel") }} {{ urlJoin (dict "scheme" "file" "path" "/etc") }} {{ urlJoin (dict "userinfo" "u") }} {{ urlJoin (dict "host" "héllo" "path" "/wörld") }}',
  ),
  c(
    '{{ urlJoin (urlParse "https://u:p@h:1/p/q?x=y#z") }} {{ urlJoin (urlParse "http://[::1]:80/%2Fa") }} {{ urlJoin .em }} {{ urlJoin .nilmap }}',
  ),
  c('{{ urlJoin (dict "host" 5) }}'),
  c('{{ urlJoin (dict "userinfo" "a b") }}'),
  c('{{ urlJoin (dict "userinfo" "%zz") }}'),
  c('{{ urlJoin "x" }}'),
  c('[{{ env "HOME" }}] [{{ env "PATH" }}] [{{ env "SCORE_COMPOSE_SURELY_UNSET_VAR" }}] [{{ env "" }}]'),
  c(
    '[{{ expandenv "home=$HOME ${HOME}" }}] [{{ expandenv "$SCORE_COMPOSE_SURELY_UNSET_VAR|${SCORE_COMPOSE_SURELY_UNSET_VAR}" }}] [{{ expandenv "" }}] [{{ expandenv "no vars" }}]',
  ),
  c(
    '[{{ expandenv "$" }}] [{{ expandenv "a$" }}] [{{ expandenv "$$" }}] [{{ expandenv "${}x" }}] [{{ expandenv "${x" }}] [{{ expandenv "$1 $@ ${#} $-x" }}] [{{ expandenv "$ x" }}] [{{ expandenv "é$HOME.é" }}] [{{ expandenv "${a b}" }}]',
  ),
];

/** sprig's float arithmetic, which goes through shopspring/decimal (exact decimal sums of the shortest forms). */
const FLOAT_MATH: TemplateCase[] = [
  c(
    '{{ addf 0.1 0.2 }} {{ addf }} {{ addf 1 2 3.5 }} {{ addf "1.5" .nil true }} {{ typeOf (addf 1) }} {{ add1f 1.5 }} {{ add1f "x" }}',
  ),
  c(
    '{{ subf 0.3 0.1 }} {{ subf 1 }} {{ subf 10 0.5 0.25 }} {{ subf 0 0 }} {{ subf 1e300 -1e300 }} {{ subf 5e-324 5e-324 }}',
  ),
  c(
    '{{ mulf 0.1 3 }} {{ mulf 1.1 1.1 }} {{ mulf 1e200 1e200 }} {{ mulf -1e-200 1e-200 }} {{ mulf 2 }} {{ mulf 3 0.5 "2" }}',
  ),
  c(
    '{{ divf 1 3 }} {{ divf 2 3 }} {{ divf -2 3 }} {{ divf 10 4 }} {{ divf 1 7 9 }} {{ divf 1e-20 3 }} {{ divf 1e20 3 }} {{ divf 5 }}',
  ),
  c(
    '{{ divf 0.00000000000000005 1 }} {{ divf -0.00000000000000005 1 }} {{ divf 0.00000000000000004 1 }} {{ divf 1.5e-17 -1 }}',
  ),
  c('{{ divf 123456789.123 0.001 }} {{ divf 0.1 0.3 }} {{ divf 0 5 }} {{ divf 1 -8 }} {{ addf 9007199254740993 1 }}'),
  c(
    '{{ addf 123456789012345678 0.5 }} {{ mulf 0.1 0.1 0.1 }} {{ subf .n .f }} {{ addf .l }} {{ printf "%.20f" (addf 0.1 0.2) }}',
  ),
  c('{{ divf 1 0 }}'),
  c('{{ addf 1 (float64 "NaN") }}'),
  c('{{ mulf (float64 "-Inf") 2 }}'),
  c('{{ add1f (float64 "+Inf") }}'),
];

/**
 * sprig's dates at fixed instants, in UTC, Local (whatever $TZ the run has: Go and the engine read it
 * alike) and named zones from the tz database (offsets, abbreviations, daylight time, the footer rule
 * of instants after the last transition); `now` and `ago` by their shape only.
 */
const DATES: TemplateCase[] = [
  c(
    '{{ date "2006-01-02 15:04:05 MST" 0 }} {{ dateInZone "2006-01-02T15:04:05Z07:00" 1700000000 "UTC" }} {{ htmlDate 86400 }}',
  ),
  c(
    '{{ dateInZone "Mon Jan _2 15:04:05 MST 2006" 1700000000 "Europe/Berlin" }} {{ dateInZone "15:04 -0700 MST" 1690000000 "Europe/Berlin" }}',
  ),
  c(
    '{{ dateInZone "2006-01-02 15:04 MST Z07:00" 1700000000 "America/New_York" }} {{ dateInZone "Jan 2 3:04PM MST" 1690000000 "America/New_York" }}',
  ),
  c(
    '{{ dateInZone "15:04:05 -07:00:00 MST" 1700000000 "Asia/Kolkata" }} {{ dateInZone "15:04 MST" 1700000000 "Australia/Lord_Howe" }} {{ dateInZone "15:04 MST" 1690000000 "Australia/Lord_Howe" }}',
  ),
  c(
    '{{ dateInZone "2006-01-02 15:04 MST" 4102444800 "Europe/Berlin" }} {{ dateInZone "2006-01-02 15:04 MST" 4118000000 "Europe/Berlin" }} {{ dateInZone "2006-01-02 15:04 MST" 4118000000 "America/Sao_Paulo" }} {{ dateInZone "2006 MST" 4118000000 "Australia/Sydney" }}',
  ),
  c(
    '{{ dateInZone "2006-01-02 15:04:05 MST" -2000000000 "Europe/Paris" }} {{ dateInZone "2006-01-02 15:04:05 -07:00:00 MST" -3000000000 "Europe/Amsterdam" }}',
  ),
  c(
    '{{ dateInZone "15:04 MST" 0 "Nowhere/Unknown" }} {{ dateInZone "15:04 MST" 0 "" }} {{ dateInZone "15:04 MST" 0 "../etc" }} {{ dateInZone "15:04 MST" 0 "Local" }} {{ htmlDateInZone 1700000000 "Pacific/Kiritimati" }}',
  ),
  c(
    '{{ dateInZone "2006" "x" "UTC" | len }} {{ date "2006-01-02" 1.5 | len }} {{ date "Monday January 2 __2 002 06 3 03 04 4 05 5 pm PM .000 ,999" 1234567890 }}',
  ),
  c(
    '{{ toDate "2006-01-02" "2020-05-06" }} {{ toDate "2006-01-02 15:04:05.999" "2020-05-06 07:08:09.123456" }} {{ toDate "2006-01-02" "2020-13-06" }} {{ toDate "x" "y" }}',
  ),
  c(
    '{{ toDate "2006-01-02T15:04:05Z07:00" "2020-05-06T07:08:09+02:00" }} {{ toDate "2006-01-02T15:04:05Z07:00" "2020-05-06T07:08:09Z" }} {{ toDate "Jan 2 2006 MST" "feb 29 2020 PST" }}',
  ),
  c(
    '{{ toDate "2006-01-02 15:04 MST" "2020-05-06 07:08 GMT+3" }} {{ toDate "2006-01-02 15:04 MST" "2020-05-06 07:08 UTC" }} {{ toDate "2006-01-02 15:04 -0700 MST" "2020-05-06 07:08 +0000 UTC" }}',
  ),
  c(
    '{{ toDate "02/01/06 3:04PM" "31/12/99 12:30AM" }} {{ toDate "2006-002" "2020-060" }} {{ toDate "15:04:05" "23:59:59.5" }} {{ toDate "2006-01-02" "2021-02-29" }}',
  ),
  c(
    '{{ mustToDate "2006-01-02" "2020-05-06" | date "Jan 2, 2006" }} {{ toDate "2006-01-02" "2020-05-06" | unixEpoch }} {{ toDate "2006-01-02 -0700" "1960-01-01 -0130" | unixEpoch }}',
  ),
  c('{{ mustToDate "2006-01-02" "2020-02-30" }}'),
  c('{{ mustToDate "2006-01-02" "nope" }}'),
  c('{{ mustToDate "2006-01-02" "2020-01-02 extra" }}'),
  c(
    '{{ $t := toDate "2006-01-02 15:04" "2020-03-29 00:30" }}{{ dateModify "1h30m" $t }} {{ dateModify "-1.5h" $t }} {{ dateModify "bad" $t }} {{ date_modify "1ns" $t }} {{ mustDateModify "2h45m30.5s" $t }} {{ $t | dateModify "-10000h" | date "2006-01-02" }}',
  ),
  c(
    '{{ $t := toDate "2006-01-02 15:04" "2020-03-29 00:30" }}{{ must_date_modify "1µs" $t }} {{ mustDateModify "1μs" $t }} {{ mustDateModify "+3us" $t }} {{ mustDateModify ".5m" $t }} {{ mustDateModify "0" $t }}',
  ),
  c('{{ mustDateModify "1x" (toDate "2006" "2020") }}'),
  c('{{ mustDateModify "1" (toDate "2006" "2020") }}'),
  c('{{ mustDateModify "" (toDate "2006" "2020") }}'),
  c('{{ dateModify "1h" "2020-01-01" }}'),
  c('{{ unixEpoch 5 }}'),
  c(
    '{{ duration "95" }} {{ duration 95 }} {{ duration (int64 3700) }} {{ duration "-61" }} {{ duration "x" }} {{ duration "0" }} {{ duration "99999999999" }} {{ duration "99999999999999999999" }}',
  ),
  c(
    '{{ durationRound "2h10m5s" }} {{ durationRound "-3h" }} {{ durationRound "1h" }} {{ durationRound "61s" }} {{ durationRound "400d" }} {{ durationRound "9000h" }} {{ durationRound "800h" }} {{ durationRound "x" }} {{ durationRound (int64 1500000000) }} {{ durationRound 5 }}',
  ),
  c(
    '{{ durationRound "1.5s" }} {{ durationRound "500ms" }} {{ durationRound "2562047h" }} {{ durationRound "-2562047h47m16.854775808s" }}',
  ),
  c(
    '{{ typeOf now }} {{ kindOf now }} {{ regexMatch "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ [+-][0-9]{4} [A-Za-z0-9+-]+ m=[+][0-9]+[.][0-9]{9}$" (toString now) }} {{ now | date "2006" | len }} {{ gt (now | unixEpoch | atoi) 1700000000 }}',
  ),
  c(
    '{{ ago now }} {{ ago 0 | regexMatch "^[0-9]+h[0-9]+m[0-9]+s$" }} {{ ago (int64 0) | len | lt 8 }} {{ ago "x" }} {{ durationRound (toDate "2006" "2001") | regexMatch "^[0-9]+y$" }} {{ durationRound now }}',
  ),
  c(
    '{{ toJson (toDate "2006-01-02 15:04:05.000" "2020-05-06 07:08:09.120") }} {{ printf "%v|%s|%d" (toDate "2006" "2020") (toDate "2006" "2021") 5 }} {{ toString (toDate "2006" "2022") }}',
  ),
];

/** Random and network functions, by their properties. */
const RANDOM_AND_NETWORK: TemplateCase[] = [
  c(
    '{{ shuffle "" }} {{ shuffle "a" }} {{ len (shuffle "hello world") }} {{ shuffle "aaa" }} {{ shuffle "éé" }} {{ typeOf (shuffle "ab") }}',
  ),
  c(
    '{{ shuffle "abcdef" | splitList "" | sortAlpha | join "" }} {{ shuffle "ü€😀" | splitList "" | sortAlpha | join "" }}',
  ),
  c('{{ shuffle 5 }}'),
  c(
    '{{ has (getHostByName "localhost") (list "127.0.0.1" "::1") }} {{ getHostByName "127.0.0.1" }} {{ getHostByName "::1" }}',
  ),
  c('{{ getHostByName "no-such-host.invalid" }}'),
];

/**
 * Passwords, keys and AES: derivePassword is deterministic; each side decrypts what the other
 * encrypted (the first ciphertexts were made by Go's sprig, the "from node" one by the engine); keys
 * by their PEM type and, where the DER has a fixed size, their length.
 */
const CRYPTO: TemplateCase[] = [
  c(
    '{{ derivePassword 1 "long" "password" "user" "example.com" }} {{ derivePassword 2 "maximum" "pässwörd" "üser" "site" }} {{ derivePassword 0 "pin" "" "" "" }}',
  ),
  c(
    '{{ derivePassword 4294967297 "medium" "p" "u" "s" }} {{ derivePassword 3 "short" "p" "u" "s" }} {{ derivePassword 3 "basic" "p" "u" "s" }} {{ derivePassword 1 "nope" "p" "u" "s" }} {{ derivePassword 1 "constructor" "p" "u" "s" }}',
  ),
  c('{{ derivePassword -1 "pin" "p" "u" "s" }}'),
  c('{{ derivePassword .n "pin" "p" "u" "s" }}'),
  c(
    '{{ decryptAES "secret" "V4jVKIefVKPvl9dP0N2j4NjvKSbJhsmqtUIx8d8+DGQ=" }} {{ decryptAES "a-very-long-password-longer-than-32-bytes!!" "joCkCB8PcUMhh6YrVJBFpTRlDVQGBYMFnkh6rZ0cw85ITOgrXa3Wjy8bJqaEBRAh" }}',
  ),
  c(
    '{{ decryptAES "pässword" "YSgw5f1SxCntQHGXfjr34Y5XfrNi04jguV8hlAL7Voc=" }} {{ decryptAES "x" "" }} {{ encryptAES "x" "" }} {{ encryptAES "k" "hello" | decryptAES "k" }} {{ encryptAES "k" "0123456789abcdef" | len }}',
  ),
  c('{{ decryptAES "x" "not base64!" }}'),
  c('{{ decryptAES "x" "AAAA" }}'),
  c('{{ decryptAES "x" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }}'),
  c('{{ decryptAES "x" "AAAAAAAAAAAAAAAAAAAAAA==" }}'),
  c('{{ decryptAES "wrong" "V4jVKIefVKPvl9dP0N2j4NjvKSbJhsmqtUIx8d8+DGQ=" | len | lt 100 }}'),
  c(
    '{{ $k := genPrivateKey "ecdsa" }}{{ len $k }} {{ hasPrefix "-----BEGIN EC PRIVATE KEY-----\\n" $k }} {{ hasSuffix "-----END EC PRIVATE KEY-----\\n" $k }} {{ genPrivateKey "ed25519" | len }} {{ genPrivateKey "ed25519" | hasPrefix "-----BEGIN PRIVATE KEY-----" }}',
  ),
  c(
    '{{ genPrivateKey "rsa" | hasPrefix "-----BEGIN RSA PRIVATE KEY-----\\nMIIJ" }} {{ genPrivateKey "dsa" | hasPrefix "-----BEGIN DSA PRIVATE KEY-----\\nMIID" }} {{ genPrivateKey "x" }} {{ genPrivateKey "RSA" }}',
  ),
];

/** Data with a CA made by each side (the PEM texts, and base64 of them for buildCustomCert). */
const CA_DATA = data({
  tsCert: TS_CA_CERT,
  tsKey: TS_CA_KEY,
  goCert: GO_CA_CERT,
  goKey: GO_CA_KEY,
  tsCert64: Buffer.from(TS_CA_CERT).toString('base64'),
  tsKey64: Buffer.from(TS_CA_KEY).toString('base64'),
  goCert64: Buffer.from(GO_CA_CERT).toString('base64'),
  goKey64: Buffer.from(GO_CA_KEY).toString('base64'),
});
const ca = (t: string): TemplateCase => ({ t, d: CA_DATA });

/**
 * Certificates: each side reads the other's CA (buildCustomCert parses it with x509 and gives it back
 * as is) and signs with it; a key given to a WithKey form comes back in the same PEM; the errors.
 * The certificates' DER is checked against Go's field by field in the unit tier.
 */
const CERTS: TemplateCase[] = [
  ca(
    '{{ $c := buildCustomCert .tsCert64 .tsKey64 }}{{ typeOf $c }} {{ eq $c.Cert .tsCert }} {{ eq $c.Key .tsKey }} {{ $g := buildCustomCert .goCert64 .goKey64 }}{{ eq $g.Cert .goCert }} {{ eq $g.Key .goKey }}',
  ),
  ca('{{ buildCustomCert .tsCert64 .tsKey64 }}'),
  ca(
    '{{ $k := genPrivateKey "ecdsa" }}{{ $c := genSignedCertWithKey "svc" (list "10.0.0.1" "::1") (list "a.example") 30 (buildCustomCert .tsCert64 .tsKey64) $k }}{{ eq $c.Key $k }} {{ hasPrefix "-----BEGIN CERTIFICATE-----\\nMII" $c.Cert }} {{ hasSuffix "-----END CERTIFICATE-----\\n" $c.Cert }}',
  ),
  ca(
    '{{ $c := genSignedCert "svc" nil nil 1 (buildCustomCert .goCert64 .goKey64) }}{{ hasPrefix "-----BEGIN CERTIFICATE-----\\n" $c.Cert }} {{ hasPrefix "-----BEGIN RSA PRIVATE KEY-----\\n" $c.Key }}',
  ),
  ca(
    '{{ $ca := genCA "my ca" 365 }}{{ typeOf $ca }} {{ hasPrefix "-----BEGIN CERTIFICATE-----\\n" $ca.Cert }} {{ hasPrefix "-----BEGIN RSA PRIVATE KEY-----\\n" $ca.Key }} {{ $s := genSignedCert "x" (list "1.2.3.4") (list "x") 2 $ca }}{{ hasPrefix "-----BEGIN CERTIFICATE-----" $s.Cert }}',
  ),
  ca(
    '{{ $k := genPrivateKey "ed25519" }}{{ $s := genSelfSignedCertWithKey "" nil nil 0 $k }}{{ eq $s.Key $k }} {{ $e := genCAWithKey "é*&" -1 .goKey }}{{ eq $e.Key .goKey }} {{ $r := genSelfSignedCert "r" (list) (list) 10 }}{{ len $r.Key | lt 1000 }}',
  ),
  ca('{{ genCAWithKey "x" 1 "not a key" }}'),
  ca('{{ genCAWithKey "x" 1 .tsCert }}'),
  ca('{{ genCAWithKey "x" 1 (genPrivateKey "dsa") }}'),
  ca('{{ genSelfSignedCertWithKey "x" (list 1) nil 1 .goKey }}'),
  ca('{{ genSelfSignedCertWithKey "x" (list "1.2.3.999") nil 1 .goKey }}'),
  ca('{{ genSelfSignedCertWithKey "x" nil (list "a" 2) 1 .goKey }}'),
  ca('{{ genSignedCertWithKey "x" nil nil 1 (buildCustomCert .tsCert64 .goKey64) .goKey }}'),
  ca('{{ genSignedCertWithKey "x" nil nil 1 (buildCustomCert .goCert64 .goKey64) (genPrivateKey "dsa") }}'),
  ca('{{ genSignedCert "x" nil nil 1 .tsCert }}'),
  ca('{{ buildCustomCert "!" .tsKey64 }}'),
  ca('{{ buildCustomCert .tsCert64 "!" }}'),
  ca('{{ buildCustomCert .tsKey64 .tsKey64 }}'),
  ca('{{ buildCustomCert .tsCert64 .tsCert64 }}'),
  ca('{{ buildCustomCert (b64enc "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n") .tsKey64 }}'),
];

/** bcrypt hashes by their form (the unit tier checks hashes against Go's for the same salt). */
const BCRYPT: TemplateCase[] = [
  c(
    '{{ bcrypt "password" | regexMatch "^[$]2a[$]10[$][./A-Za-z0-9]{53}$" }} {{ bcrypt "" | len }} {{ ne (bcrypt "x") (bcrypt "x") }} {{ typeOf (bcrypt "x") }}',
  ),
  c(
    '{{ htpasswd "user" "pw" | regexMatch "^user:[$]2a[$]10[$][./A-Za-z0-9]{53}$" }} {{ htpasswd "a:b" "pw" }} {{ htpasswd "" "" | len }} {{ htpasswd "é" "pw" | hasPrefix "é:$2a$10$" }}',
  ),
  c('{{ bcrypt 5 }}'),
];

/** The methods of semver's *semver.Version, and of the semver.Version values its Inc and Set methods return. */
const SEMVER_METHODS: TemplateCase[] = [
  c(
    '{{ $a := semver "1.2.3" }}{{ $b := semver "v1.10.0-rc.1+b5" }}{{ $a.Compare $b }} {{ $b.Compare $a }} {{ $a.Compare $a }} {{ $a.LessThan $b }} {{ $a.GreaterThan $b }} {{ $a.Equal (semver "1.2.3+meta") }}',
  ),
  c(
    '{{ $b := semver "v1.10.0-rc.1+b5" }}{{ $b.IncMajor }} {{ $b.IncMinor }} {{ $b.IncPatch }} {{ (semver "1.2.3+x").IncPatch }} {{ (semver "1.2.3").IncPatch.IncMinor.IncMajor }} {{ typeOf $b.IncMajor }} {{ kindOf $b.IncMajor }}',
  ),
  c(
    '{{ $b := semver "v1.10.0-rc.1+b5" }}{{ $b.IncMajor.Major }} {{ $b.IncMinor.Prerelease | quote }} {{ ($b.SetPrerelease "beta.2").Prerelease }} {{ $b.SetPrerelease "" }} {{ $b.SetMetadata "m.1" }} {{ $b.String }} {{ $b.IncPatch.String }}',
  ),
  c(
    '{{ (semver "1.0.0-alpha").Compare (semver "1.0.0-alpha.1") }} {{ (semver "1.0.0-2").Compare (semver "1.0.0-10") }} {{ (semver "1.0.0-a").Compare (semver "1.0.0-1") }} {{ toJson (semver "2.0.0").IncMinor }} {{ printf "%v %s" (semver "1.0.0").IncMajor (semver "3.0").IncMinor }}',
  ),
  c('{{ (semver "1.0.0").SetPrerelease "01" }}'),
  c('{{ (semver "1.0.0").SetMetadata "a_b" }}'),
  c('{{ (semver "1.0.0").IncMajor.Original }}'),
  c('{{ (semver "1.0.0").IncMajor.Compare (semver "1.0.0") }}'),
  c('{{ (semver "1.0.0").Compare (semver "1.0.0").IncMajor }}'),
  c('{{ (semver "1.0.0").Compare "1.0.0" }}'),
  c('{{ (semver "1.0.0").Compare }}'),
  c('{{ (semver "1.0.0").Compare nil }}'),
  c('{{ (semver "1.0.0").IncMajor 1 }}'),
  c('{{ (semver "1.0.0").Major 1 }}'),
  c('{{ $v := semver "1.0.0" }}{{ $v.Nope }}'),
];

/** Every hand-written sprig case. */
export const SPRIG_CASES: readonly TemplateCase[] = [
  ...USED_BY_PROVISIONERS,
  ...OTHER_SPRIG,
  ...MORE_SPRIG,
  ...FLOAT_MATH,
  ...DATES,
  ...RANDOM_AND_NETWORK,
  ...CRYPTO,
  ...CERTS,
  ...BCRYPT,
  ...SEMVER_METHODS,
];
