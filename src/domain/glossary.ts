import { DEFAULT_MAX_STAY_DAYS, OUTFLOW_NOTICE_DAYS } from './vocabulary';

/**
 * The bot's vocabulary, machine-readable: one word for one thing, the form the bot writes, and
 * what it never writes. docs/woordenlijst.md is the same list for people (test/domain/glossary.test.ts
 * holds the two together and tests the checker itself), and every text the conformance run
 * rendered is checked against `glossaryProblems` (test/conformance/baseline.test.ts and
 * national.test.ts), as are issue 15's alerts and overdue messages in states the run does not
 * reach (test/conformance/alerts-glossary.test.ts). The team reads the bot on a phone, under pressure: a word
 * that means two things, or a system word, costs a second look.
 */

export interface Term {
  /** The domain word (as the glossary lists it). */
  word: string;
  /** What it means, in the team's words. */
  meaning: string;
  /** How the bot writes it (the one form), with an example. */
  form: string;
  /** What it is never used for, or the word the bot does not use instead. */
  notFor?: string;
}

/** The outflow notice: from this day of a CNO stay (arrival day = 0) the group is named everywhere. */
const OUTFLOW_NOTICE_DAY = DEFAULT_MAX_STAY_DAYS - OUTFLOW_NOTICE_DAYS;

export const GLOSSARY: readonly Term[] = [
  { word: 'plek', meaning: 'Opvangplek: ruimte voor één persoon in een opvanglocatie (capaciteit).', form: '1 plek, 12 plekken', notFor: 'een plaats in een rooster (dat is een dienst)' },
  { word: 'bezet', meaning: 'Plekken waarop nu iemand verblijft.', form: '38.949 bezet' },
  { word: 'bezetting', meaning: 'Hoeveel plekken bezet zijn; bezettingsgraad is bezet gedeeld door plekken.', form: 'bezetting 10 → 11, 84,5% bezettingsgraad', notFor: 'mensen op diensten (dat is bemensing)' },
  { word: 'vrij', meaning: 'Plekken min bezet: plekken die nu nog een persoon kunnen opnemen.', form: '11 vrij, 11 vrije plekken', notFor: '"beschikbaar" achter een getal' },
  { word: 'bemensing', meaning: 'Mensen die op diensten werken (COA, gemeente, veiligheidsregio, externe partijen).', form: 'Bemensing: 2 van 3 diensten open', notFor: '"bezetting"' },
  { word: 'dienst', meaning: 'Eén plaats in een rooster: een persoon die werkt van een begin- tot een eindtijd, of (CNO-dienst) een regio die CNO levert.', form: 'do 26 mei 08:00–16:00 · COA · Begeleider · locatie', notFor: '"plek in het rooster", "gedeelde plek"' },
  { word: 'CNO-dienst', meaning: 'De periode waarin een regio crisisnoodopvang (CNO) levert; regio’s kunnen één dienst delen.', form: 'wo 1 jun t/m di 14 jun: Groningen · 150 plekken per dienst' },
  { word: 'noodknop', meaning: 'De knop en het formulier voor opvang binnen 24 uur; "Noodknop #3" is oproep 3.', form: 'Noodknop #3: 12 plekken nodig vóór di 21 jun 09:00' },
  { word: 'oproep', meaning: 'Een noodknop-oproep: mensen die binnen 24 uur een plek nodig hebben.', form: '2 open oproepen', notFor: '"verzoek"' },
  { word: 'aanbod', meaning: 'Plekken die iemand voor een oproep aanbiedt (knop "Plekken aanbieden").', form: '5 van 12 plekken aangeboden' },
  { word: 'gedekt', meaning: 'Er zijn genoeg plekken aangeboden; de plaatsing moet nog bevestigd worden.', form: 'gedekt · plaatsing nog bevestigen' },
  { word: 'plaatsing', meaning: 'De mensen zijn echt op een plek; wie de oproep deed bevestigt dat (knop "Plaatsing bevestigen").', form: '10 van 12 geplaatst · 2 nog zonder plek', notFor: 'het knoplabel "Geplaatst"' },
  { word: 'verlopen', meaning: 'Het tijdstip van de oproep is voorbij zonder genoeg aanbod.', form: 'verlopen: di 21 jun 09:00 is voorbij' },
  { word: 't/m', meaning: 'Tot en met: de laatste dag hoort erbij.', form: 't/m 28 juni', notFor: '"tot" voor een laatste dag die erbij hoort, of "tot en met" uitgeschreven' },
  { word: 'datum en tijd', meaning: 'Dagen en tijden in Nederlandse tijd, door de bot zelf geschreven.', form: 'di 21 jun 09:00; 28 juni (met jaar als het een ander jaar is)', notFor: 'Slacks datumcode (die toont Engels: "tomorrow 9:00 AM")' },
  { word: '14-dagenregel', meaning: `Na ${DEFAULT_MAX_STAY_DAYS} dagen in de CNO gaat een groep door naar een duurzame opvanglocatie. Vanaf dag ${OUTFLOW_NOTICE_DAY} noemt de bot groepen zonder uitstroombestemming (stand, Home, overzicht, waarschuwing).`, form: `3 personen ${OUTFLOW_NOTICE_DAY} dagen of langer in de CNO zonder uitstroombestemming`, notFor: '"(bijna) 14", of 10 dagen' },
  { word: 'uitstroom', meaning: 'Vertrek uit de CNO naar een vervolgplek; de uitstroombestemming is waar de groep heen gaat.', form: 'Uitstroom vastleggen' },
  { word: 'taakstelling', meaning: 'Het aantal statushouders dat een gemeente per halfjaar moet huisvesten.', form: 'Taakstelling 2022-II (jul–dec)' },
  { word: 'achterstand, voorsprong', meaning: 'Minder (achterstand) of meer (voorsprong) gehuisvest dan de taakstelling; ook wat uit het vorige halfjaar meekomt.', form: 'achterstand 20; voorsprong 5', notFor: 'een getal met een plus- of minteken' },
  { word: 'doelgroep', meaning: 'Voor wie de opvang is (locaties, doelen) of wie de landelijke cijfers tellen.', form: 'Oekraïners (noodopvang gemeenten), Asielzoekers (COA)' },
  { word: 'peildatum', meaning: 'De dag waarop landelijke cijfers gelden.', form: 'Peildatum 24 mei 2022' },
  { word: 'tempo', meaning: 'Groei van het aantal operationele plekken per dag, gemeten over 14 dagen.', form: '23 juni niet haalbaar bij dit tempo: nog 1.960 plekken nodig', notFor: '"683 dagen te laat"' },
  { word: 'verouderd', meaning: 'Cijfers van een locatie die langer dan 7 dagen niet zijn bijgewerkt of bevestigd.', form: '3 locaties met verouderde cijfers' },
  { word: 'Veiligheidsregio', meaning: 'De organisatie (in IJsselland: VRIJ) als partij in de bemensing.', form: 'Veiligheidsregio', notFor: '"VRIJ" (leest als "vrij" naast "90 vrij")' },
  { word: 'beheerder, bewerker, lezer', meaning: 'De rollen: beheerder regelt rechten en roosters, bewerker werkt cijfers bij, lezer kijkt.', form: 'beheerder', notFor: 'admin, editor, viewer' },
  { word: 'ochtendoverzicht', meaning: 'Het bericht dat elke ochtend in het kanaal komt.', form: 'Ochtendoverzicht opvang IJsselland · 25 mei 2022', notFor: '"digest" (behalve in de opdracht `/opvang digest`)' },
  { word: 'Nu actie nodig', meaning: 'Het eerste blok van stand, Home en ochtendoverzicht: wat nu iemand moet doen, elk met een knop. Er is geen leeg blok.', form: 'Nu actie nodig' },
];

export interface Forbidden {
  pattern: RegExp;
  /** Why, and what the bot writes instead. */
  why: string;
  /**
   * Where the pattern is looked for: 'all' text, or 'prose' (text without `/opvang …` commands,
   * Slack mentions and emoji codes, whose names are not Dutch and need not be).
   */
  in: 'all' | 'prose';
}

/** English words that reached users before, or could; "open", "export", "import", "status" are Dutch too. */
const ENGLISH = [
  'the', 'and', 'tomorrow', 'today', 'yesterday', 'error', 'failed', 'pending', 'sending', 'retry', 'admin', 'editor', 'viewer', 'shift', 'shifts',
  'staffing', 'request', 'requests', 'offer', 'offers', 'broadcast', 'thread', 'deadline', 'occupancy', 'location', 'locations', 'update', 'updated',
  'cancel', 'cancelled', 'placed', 'expired', 'covered', 'preview', 'chart', 'undefined', 'null', 'NaN', 'true', 'false',
];

const FORBIDDEN: readonly Forbidden[] = [
  { pattern: /<!date\^/, why: 'Slacks datumcode toont de datum in de taal van Slack (Engels); schrijf "di 21 jun 09:00"', in: 'all' },
  { pattern: /\b\d{9,10}\.\d{6}\b/, why: 'een berichtcode (ts) van Slack zegt een lezer niets', in: 'all' },
  { pattern: /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/, why: 'de naam van een instelling (omgevingsvariabele) hoort bij de installatie, niet bij de lezer', in: 'all' },
  { pattern: /\b(?:seed|synthetic|scheduler|outbox|digest|job|cron|metadata)\b/i, why: 'een systeemwoord', in: 'prose' },
  { pattern: new RegExp(`\\b(?:${ENGLISH.join('|')})\\b|\\b(?:AM|PM)\\b`, 'i'), why: 'Engels in gebruikerstekst', in: 'prose' },
  { pattern: /\[object Object\]/, why: 'een programmafout in de tekst', in: 'all' },
  { pattern: /\bverzoek(?:en)?\b/i, why: 'een noodknop-aanvraag heet "oproep"', in: 'prose' },
  { pattern: /\bbezetting\b[^.\n]{0,40}\bdienst/i, why: '"bezetting" is alleen voor plekken; mensen op diensten is "bemensing"', in: 'prose' },
  { pattern: /\bplek(?:ken)? (?:in|van) het rooster\b|\bgedeelde plek\b|\bplekken per plek\b/i, why: 'een plaats in een rooster is een "dienst"; "plek" is een opvangplek', in: 'prose' },
  { pattern: /\bVRIJ\b/, why: '"VRIJ" leest als "vrij" (plekken); de organisatie heet "Veiligheidsregio"', in: 'prose' },
  { pattern: /\btot en met\b/i, why: 'schrijf "t/m"', in: 'prose' },
  { pattern: /\(tot |\btot (?:(?:ma|di|wo|do|vr|za|zo) )?\d{1,2} (?:jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)/i, why: 'een laatste dag die erbij hoort is "t/m"', in: 'prose' },
  { pattern: /\bsoonste\b/i, why: 'geen Nederlands; schrijf "vroegste"', in: 'prose' },
  { pattern: /\(bijna\)/i, why: `één regel: "${OUTFLOW_NOTICE_DAY} dagen of langer" (14-dagenregel)`, in: 'prose' },
  { pattern: new RegExp(`\\b(?!${OUTFLOW_NOTICE_DAY}\\b)\\d+ dagen of langer\\b`), why: `de 14-dagenregel noemt groepen vanaf dag ${OUTFLOW_NOTICE_DAY}, overal hetzelfde`, in: 'prose' },
  { pattern: /\bwas (\p{L}+), nu \1\b/u, why: 'een wijziging die niets wijzigt', in: 'prose' },
  { pattern: /\bdagen te laat\b/i, why: 'zeg wat iemand kan doen: "23 juni niet haalbaar bij dit tempo: nog 1.960 plekken nodig"', in: 'prose' },
  { pattern: /\d beschikbaar\b/i, why: 'vrije plekken heten "vrij" ("11 vrij")', in: 'prose' },
  { pattern: /\bniet opgegeven\b|\bgeen opgegeven\b/i, why: 'laat lege velden weg in plaats van "niet opgegeven"', in: 'prose' },
];

/** Nouns that follow a number: [one, many]. "1 locaties" and "2 plek" are slips. */
const COUNT_NOUNS: readonly (readonly [string, string])[] = [
  ['plek', 'plekken'],
  ['locatie', 'locaties'],
  ['persoon', 'personen'],
  ['dienst', 'diensten'],
  ['dag', 'dagen'],
  ['gemeente', 'gemeenten'],
  ['oproep', 'oproepen'],
  ['regel', 'regels'],
  ['historieregel', 'historieregels'],
  ['groep', 'groepen'],
  ['aanbieding', 'aanbiedingen'],
  ['fout', 'fouten'],
  ['doel', 'doelen'],
  ['periode', 'perioden'],
  ['gezin', 'gezinnen'],
  ['minuut', 'minuten'],
  ['poging', 'pogingen'],
  ['bericht', 'berichten'],
  ['week', 'weken'],
];

interface NounForm {
  one: string;
  many: string;
  plural: boolean;
}
const nounForms = new Map<string, NounForm>(COUNT_NOUNS.flatMap(([one, many]): [string, NounForm][] => [[one, { one, many, plural: false }], [many, { one, many, plural: true }]]));
// A number, optionally one adjective ("1 vrije plek", "2 open diensten"), then a noun of the list.
// Not a number inside another (46.091, 84,5, #3, 2022-II) and not a time (09:00).
const COUNTED = new RegExp(`(?<![\\d.,#:/\\-])([+-]?\\d{1,3}(?:\\.\\d{3})*|\\d+)\\s+(?:(?:open|extra|\\p{L}+e)\\s+)?(${[...nounForms.keys()].join('|')})\\b`, 'gu');

/** What a reader sees of mrkdwn without Slack's markup: mentions, emoji codes and commands removed. */
function prose(text: string): string {
  return text
    .replace(/`\/opvang[^`]*`/g, ' ')
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/:[a-z0-9_+-]+:/g, ' ');
}

/**
 * Everything wrong with one rendered text: forbidden words and number slips, one line each.
 * `text` is as Slack shows it: mrkdwn with `&amp;`, `&lt;`, `&gt;` escapes and zero-width joiners.
 */
export function glossaryProblems(text: string): string[] {
  const plain = text.replace(/\u200d/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const readable = prose(plain);
  const problems: string[] = [];
  for (const rule of FORBIDDEN) {
    const match = rule.pattern.exec(rule.in === 'all' ? plain : readable);
    if (match) problems.push(`"${match[0]}": ${rule.why}`);
  }
  for (const match of readable.matchAll(COUNTED)) {
    const n = Number(match[1]!.replace(/\./g, ''));
    const noun = nounForms.get(match[2]!)!;
    if (noun.plural === (Math.abs(n) === 1)) problems.push(`"${match[0]}": ${formatWith(n, noun)}`);
  }
  return problems;
}

function formatWith(n: number, noun: { one: string; many: string }): string {
  return `schrijf "${n} ${Math.abs(n) === 1 ? noun.one : noun.many}"`;
}
