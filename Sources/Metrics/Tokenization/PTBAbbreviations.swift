/// Abbreviation lists of the PTB lexer: which words keep their final period, and which may end a sentence.
enum PTBAbbreviations {
    /// Abbreviations usually followed by lower-case words; before a capital they also end the sentence.
    static let sentenceFinal: Set<String> = [
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thurs", "fri",
        "ala", "ariz", "calif", "colo", "conn", "dak", "del", "fla", "ga", "ind", "kan", "kans", "ky", "la",
        "md", "mich", "minn", "mo", "mont", "neb", "nev", "okla", "pa", "penn", "tenn", "tex", "va", "vt",
        "wis", "wisc", "wyo",
        "inc", "co", "cos", "corp", "pty", "ptys", "ppty", "pptys", "ltd", "plc", "bancorp", "dept", "bhd", "assn",
        "univ", "intl", "sys",
        "prop", "ph", "tel", "est", "ext", "sq", "ft",
        "jr", "sr", "bros", "blvd", "rd", "esq", "etc", "al", "seq",
    ]
    /// Entries of the same list whose first letter must be a capital.
    static let sentenceFinalCapitalised: Set<String> = ["Ark", "Ill", "Mass", "Miss", "Ore", "Wash"]

    /// Titles and other abbreviations that keep their period and are not taken as sentence ends.
    static let keepPeriod: Set<String> = [
        "mr", "mrs", "ms", "dr", "drs", "prof", "profs", "sen", "sens", "rep", "reps", "atty", "attys", "lt", "col",
        "gen", "messrs", "gov", "govs", "adm", "rev", "maj", "sgt", "cpl", "pvt", "mt", "capt", "st", "ste", "ave",
        "pres", "lieut", "hon", "brig", "cmdr", "comdr", "pfc", "spc", "supt", "supts", "det",
        "vs", "alex", "wm", "jos", "cie", "cf", "treas", "invt", "elec", "natl", "mfg", "mtg",
    ]
    static let keepPeriodCapitalised: Set<String> = ["Miss"]

    /// Words after which an acronym such as `U.S.` is taken as ending the sentence (first letter a capital).
    static let sentenceStarters: Set<String> = [
        "about", "according", "additionally", "after", "an", "a", "as", "at", "but", "earlier", "he", "her", "here",
        "however", "if", "in", "it", "last", "many", "more", "now", "once", "one", "other", "our", "she", "since",
        "so", "some", "such", "that", "the", "then", "there", "these", "they", "this", "we", "when", "while",
        "what", "yet", "you",
    ]

    static func isSentenceFinal(_ word: String) -> Bool {
        sentenceFinal.contains(word.lowercased()) || sentenceFinalCapitalised.contains(capitalisedForm(word))
    }

    static func keepsPeriod(_ word: String) -> Bool {
        if word.unicodeScalars.count == 1 { return true }
        return keepPeriod.contains(word.lowercased()) || keepPeriodCapitalised.contains(capitalisedForm(word))
    }

    /// The word with its first letter as written and the rest lowercased: the lexer is caseless except
    /// where its patterns fix a letter's case.
    private static func capitalisedForm(_ word: String) -> String {
        guard let first = word.first else { return word }
        return String(first) + word.dropFirst().lowercased()
    }
}
