//! Resolution of one mention (an entity span or noun phrase, with its sentence and the date) to
//! an actor: country, PLOVER sector, CAMEO code, stable id and the knowledge-base entry used.
//!
//! Steps: normalise the phrase; find the longest known phrases left to right (plural forms fall
//! back to singulars); cut the phrase at its first unknown preposition into a head part ("Syrian
//! rebels") and a rest ("in Aleppo"); then compose from what the head part holds, strongest first:
//! a named person (a title beside the name may set the sector), an office title (looked up to its
//! holder on the date: "Russian Foreign Minister"), an agent noun tied to a country or
//! organisation ("Syrian rebels", "UN peacekeepers"; the country may come from the rest, the
//! sentence or the document), an organisation, a country (a capital stands for its government
//! unless it follows a locative preposition). Pronouns, bare surnames and bare titles ("the
//! secretary") are matched against the recent actors of the `Context`. A capitalised name the KB
//! does not know, defined by an apposition or preceded by a title, becomes a provisional actor.
//! Document-level bookkeeping (what "recent" holds) is `doc_layer.rs`.

use attache_calendar::Day;
use attache_codes::{Country, Sector};

use crate::cameo::ActorCode;
use crate::kb::{CountryHow, Entry, EntryKind, Item, Kb};
use crate::normalize;
use crate::tenure::Tenure;

/// A mention to resolve: its text, the sentence it is in (if known) and the document date.
#[derive(Debug, Clone, Copy)]
pub struct Mention<'a> {
    pub text: &'a str,
    pub sentence: Option<&'a str>,
    pub date: Day,
}

/// An actor resolved earlier in the same document, most recent last in `Context::recent`.
#[derive(Debug, Clone)]
pub struct Recent {
    pub resolution: Resolution,
    pub kind: EntryKind,
    /// Normalised surnames the actor may be referred to by later ("kerry").
    pub surnames: Vec<String>,
    /// The office the actor holds on the date (role kind and normalised title), if any.
    pub role: Option<String>,
    pub title_key: Option<String>,
}

/// What the document has established so far.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub recent: Vec<Recent>,
    /// The document's focus country, for generic agents with no country of their own.
    pub country: Option<Country>,
}

/// Who a mention is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// ISO-3 country, if the actor belongs to one.
    pub country: Option<Country>,
    /// The CAMEO country code where it differs from the ISO-3 code (`TMP` for `TLS`).
    pub cameo_country: Option<String>,
    pub sector: Option<Sector>,
    /// CAMEO actor code on the date (`USAGOV`, `SYRREB`, `IGOUNO`).
    pub cameo_code: String,
    /// Stable id: a KB entry id, `cameo:<CODE>` for generic actors, `new:<slug>` for provisional.
    pub actor_id: String,
    /// What matched in the KB (`usa.john-kerry`, `country:SYR+agent:REB`, `role:...`).
    pub kb_entry: String,
    pub provisional: bool,
    /// Display name.
    pub name: String,
}

const PREPOSITIONS: &[&str] = &[
    "of",
    "in",
    "from",
    "for",
    "at",
    "on",
    "near",
    "with",
    "by",
    "to",
    "fleeing",
    "living",
    "based",
    "operating",
    "inside",
    "across",
    "against",
    "who",
    "which",
    "that",
    "ruled",
    "backing",
    "under",
    "over",
    "into",
    "during",
];
const LOCATIVE: &[&str] =
    &["in", "at", "near", "from", "to", "outside", "around", "into", "across", "toward", "towards", "via", "inside"];
const FORMER: &[&str] =
    &["former", "ex", "ousted", "exiled", "deposed", "late", "onetime", "erstwhile", "toppled", "retired"];
pub(crate) const SPONSOR: &[&str] = &[
    "backed",
    "funded",
    "supported",
    "sponsored",
    "allied",
    "aligned",
    "brokered",
    "run",
    "controlled",
    "based",
    "born",
];
const PARTICLES: &[&str] = &["al", "el", "bin", "ibn", "abu", "de", "da", "van", "von", "le", "la"];
const WEAK_ROLES: &[&str] = &[
    "leader",
    "official",
    "diplomat",
    "negotiator",
    "spokesperson",
    "minister",
    "secretary",
    "ambassador",
    "governor",
    "mayor",
    "general",
    "judge",
    "legislator",
];
const MALE: &[&str] = &["he", "him", "his", "himself"];
const FEMALE: &[&str] = &["she", "her", "hers", "herself"];
const PLURAL: &[&str] = &["they", "them", "their", "theirs", "themselves"];
const NEUTER: &[&str] = &["it", "its", "itself"];

/// A known phrase found in the mention: token range and what it may stand for.
#[derive(Debug, Clone)]
struct Found<'k> {
    start: usize,
    end: usize,
    items: &'k [Item],
    plural: bool,
    /// The token before is a capitalised word the KB does not know ("Omar Hassan al-Bashir"
    /// is not the Bashir the KB knows).
    preceded_by_unknown_name: bool,
}

impl Kb {
    /// Resolves one mention. `None` when nothing in it names an actor.
    pub fn resolve(&self, mention: &Mention<'_>, ctx: &Context) -> Option<Resolution> {
        let toks = normalize::tokens_with_case(mention.text);
        if toks.is_empty() {
            return None;
        }
        if toks.len() == 1 {
            if let Some(r) = resolve_pronoun(&toks[0].0, ctx) {
                return Some(r);
            }
        }
        // "NAME, DESCRIPTION": an appositive written into the mention itself.
        if let Some((name, desc)) = mention.text.split_once(", ") {
            if let Some(r) = self.provisional(name, desc, mention, ctx) {
                return Some(r);
            }
        }
        // A capitalised name the KB does not know, defined by an apposition in the sentence.
        if let Some(desc) = mention.sentence.and_then(|s| apposition_after(s, mention.text)) {
            if self.is_unknown_name(&toks) {
                if let Some(r) = self.provisional(mention.text, desc, mention, ctx) {
                    return Some(r);
                }
            }
        }
        let skip = toks.iter().take_while(|(t, _)| matches!(t.as_str(), "the" | "a" | "an")).count();
        let toks = &toks[skip.min(toks.len() - 1)..];
        let found = self.scan(toks);
        let resolved = self.compose(toks, &found, mention, ctx);
        if resolved
            .as_ref()
            .is_some_and(|r| !r.provisional && r.kb_entry.starts_with("role:") && r.actor_id.starts_with("cameo:"))
            || resolved.is_none()
        {
            // An unknown capitalised name: look for its definition in the sentence.
            if let Some(desc) = mention.sentence.and_then(|s| apposition_after(s, mention.text)) {
                if let Some(r) = self.provisional(mention.text, desc, mention, ctx) {
                    return Some(r);
                }
            }
        }
        resolved
    }

    /// Longest known phrases, left to right.
    fn scan<'k>(&'k self, toks: &[(String, bool)]) -> Vec<Found<'k>> {
        let mut out = Vec::new();
        let mut key = String::new();
        let mut i = 0;
        while i < toks.len() {
            let longest = self.max_phrase_tokens.min(toks.len() - i);
            let mut hit = None;
            for n in (1..=longest).rev() {
                key.clear();
                for (j, (t, _)) in toks[i..i + n].iter().enumerate() {
                    if j > 0 {
                        key.push(' ');
                    }
                    key.push_str(t);
                }
                let items = self.lookup(&key);
                if !items.is_empty() {
                    hit = Some((n, items, false));
                    break;
                }
                let prefix_len = key.len() - toks[i + n - 1].0.len();
                for singular in normalize::singulars(&toks[i + n - 1].0) {
                    key.truncate(prefix_len);
                    key.push_str(&singular);
                    let items = self.lookup(&key);
                    if !items.is_empty() {
                        hit = Some((n, items, true));
                        break;
                    }
                }
                if hit.is_some() {
                    break;
                }
            }
            match hit {
                Some((n, items, plural)) => {
                    // Skip name particles ("Omar Hassan al-Bashir") to the word before them.
                    let mut j = i;
                    while j > 0 && PARTICLES.contains(&toks[j - 1].0.as_str()) {
                        j -= 1;
                    }
                    let unknown_before = j > 0
                        && toks[j - 1].1
                        && out.last().is_none_or(|f: &Found<'_>| f.end < j)
                        && !matches!(
                            toks[j - 1].0.as_str(),
                            "mr" | "mrs" | "ms" | "dr" | "president" | "king" | "minister" | "secretary" | "general"
                        );
                    out.push(Found { start: i, end: i + n, items, plural, preceded_by_unknown_name: unknown_before });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }

    fn compose(
        &self,
        toks: &[(String, bool)],
        found: &[Found<'_>],
        mention: &Mention<'_>,
        ctx: &Context,
    ) -> Option<Resolution> {
        let date = mention.date;
        let covered = |i: usize| found.iter().any(|f| f.start <= i && i < f.end);
        let cut =
            (0..toks.len()).find(|&i| !covered(i) && PREPOSITIONS.contains(&toks[i].0.as_str())).unwrap_or(toks.len());
        let head: Vec<&Found<'_>> = found.iter().filter(|f| f.end <= cut).collect();
        let rest: Vec<&Found<'_>> = found.iter().filter(|f| f.start >= cut).collect();
        let former = toks[..cut].iter().any(|(t, _)| FORMER.contains(&t.as_str()));
        let sponsor = |f: &Found<'_>| {
            toks.get(f.end).is_some_and(|(t, _)| SPONSOR.contains(&t.as_str()))
                || f.start > 0 && matches!(toks[f.start - 1].0.as_str(), "anti" | "pro")
        };

        // Candidates in the head part, rightmost wins (English noun phrases end in their head).
        let mut person: Option<(u32, &Found<'_>)> = None;
        let mut role: Option<u32> = None;
        let mut agent: Option<u32> = None;
        let mut base: Option<Base> = None;
        let mut country_head: Option<(u32, CountryHow, bool, usize)> = None;
        let mut org_head: Option<u32> = None;
        let mut people_override = false;
        for f in &head {
            match self.pick(f, date, ctx) {
                Pick::Person(e) => person = Some((e, f)),
                Pick::Role(r) => role = Some(r),
                Pick::Agent(a) => agent = Some(a),
                Pick::Org(e) => {
                    if !sponsor(f) {
                        base = Some(Base::Org(e));
                        org_head = Some(e);
                        country_head = None;
                    }
                }
                Pick::Country(c, how) => {
                    // "Bosnian Serbs", "Iraqi Kurds": a people named after a place keeps the place.
                    let people_of_place =
                        self.is_people(f, toks) && country_head.is_some_and(|(_, _, _, end)| end == f.start);
                    if people_of_place {
                        people_override = true;
                    }
                    if !sponsor(f) && !people_of_place {
                        base = Some(Base::Country(c));
                        country_head = Some((c, how, f.plural, f.end));
                        org_head = None;
                    }
                }
                Pick::None => {}
            }
        }
        let rest_base = || {
            rest.iter().rev().find_map(|f| match self.pick(f, date, ctx) {
                Pick::Org(e) => Some(Base::Org(e)),
                Pick::Country(c, _) => Some(Base::Country(c)),
                Pick::Person(e) => self
                    .entry_at(e)
                    .home_country()
                    .and_then(|c| c.country())
                    .and_then(|iso| self.country_index(iso))
                    .map(Base::Country),
                _ => None,
            })
        };

        // A name closing the phrase after a cut ("UN envoy on Syria Lakhdar Brahimi") is its head.
        if person.is_none() && agent.is_none() {
            if let Some(last) = found.last().filter(|f| f.end == toks.len() && f.start >= cut) {
                if let Pick::Person(e) = self.pick(last, date, ctx) {
                    person = Some((e, last));
                }
            }
        }
        // Generic titles ("leader", "official") yield to the group or agent beside them
        // ("rebel leaders", "Hamas official").
        if let Some(r) = role {
            if WEAK_ROLES.contains(&&*self.roles[r as usize].role) && (agent.is_some() || org_head.is_some()) {
                role = None;
            }
        }
        // "the top US diplomat": a superlative makes a diplomat the foreign minister.
        if let Some(r) = role {
            let top = toks[..cut].iter().any(|(t, _)| t == "top" || t == "chief");
            if top && &*self.roles[r as usize].role == "diplomat" {
                role = self.roles.iter().position(|i| &*i.phrase_key == "top diplomat").map(|i| i as u32).or(role);
            }
        }
        // A title inside the matched name ("PRESIDENT OBAMA" is one Phoenix phrase).
        if let (Some((_, f)), None) = (person, role) {
            role = (f.start..(f.start + 3).min(f.end)).find_map(|a| {
                (1..(f.end - a)).rev().find_map(|n| {
                    let key: Vec<&str> = toks[a..a + n].iter().map(|(t, _)| t.as_str()).collect();
                    self.lookup(&key.join(" ")).iter().find_map(|i| if let Item::Role(r) = i { Some(*r) } else { None })
                })
            });
        }
        // One word matching a Phoenix person ("King Hassan of Morocco") is weak evidence: a
        // different country named in the phrase wins.
        if let Some((e, f)) = person {
            let entry = self.entry_at(e);
            if f.end - f.start == 1 && !entry.from_supplement() {
                let home = entry.home_country().and_then(|c| c.country());
                let other = found.iter().any(|g| matches!(self.pick(g, date, ctx), Pick::Country(c, _) if Some(self.countries[c as usize].iso) != home));
                if other {
                    person = None;
                }
            }
        }
        if let Some((e, f)) = person {
            let mut r = self.person_resolution(e, date, former);
            // "Bush administration", "Obama government": the name stands for the government.
            if let Some((last, _)) = toks.get(f.end - 1) {
                let governs = self
                    .lookup(last)
                    .iter()
                    .any(|i| matches!(i, Item::Agent(a) if &*self.agents[*a as usize].code == "GOV"));
                if governs && f.end - f.start > 1 {
                    return Some(with_sector(self, r, "GOV"));
                }
            }
            // A title beside the name asserts an office the KB may not date ("President Obama"
            // in a text about 2000): the title's sector wins unless the person is marked former.
            if let Some(role) = role {
                let info = &self.roles[role as usize];
                if !former && matches!(r.sector, None | Some(Sector::Eli)) {
                    r = with_sector(self, r, &info.code);
                }
            }
            let _ = f;
            return Some(r);
        }
        if let Some(role) = role {
            let modifier = base.or_else(rest_base);
            return Some(self.role_resolution(role, modifier, former, mention, ctx, found, toks));
        }
        if let Some(agent) = agent {
            // "their forces": the forces of whom the possessive pronoun stands for.
            let possessor = || {
                let first = toks.first().map(|(t, _)| t.as_str())?;
                if !matches!(first, "its" | "their" | "his" | "her") {
                    return None;
                }
                let c = resolve_pronoun(first, ctx)?.country?;
                self.country_index(c).map(Base::Country)
            };
            let modifier = base
                .or_else(rest_base)
                .or_else(possessor)
                .or_else(|| self.context_country(mention, ctx).and_then(|c| self.country_index(c)).map(Base::Country));
            return Some(self.agent_resolution(agent, modifier, former, date));
        }
        if let Some(e) = org_head {
            return Some(self.org_resolution(e, date));
        }
        if let Some((c, how, _, end)) = country_head {
            let single = head.len() == 1
                && end - head[0].start
                    == toks[..cut].iter().filter(|(t, _)| !matches!(t.as_str(), "the" | "a" | "an")).count();
            let people = people_override || head.last().is_some_and(|f| f.end == end && self.is_people(f, toks));
            // A bare nationality ("a Palestinian") is a person of that country.
            let person_of = !people && single && how == CountryHow::Adjective;
            // "Albanians of southern Serbia": a people living elsewhere takes the place's country.
            if let (true, Some(Base::Country(place))) = (people, rest_base()) {
                let info = &self.countries[place as usize];
                return Some(self.generic(
                    info.code.with_role("CVL"),
                    format!("country:{}+people", info.iso),
                    info.name.to_string(),
                ));
            }
            let info = &self.countries[c as usize];
            let govt = how == CountryHow::Capital && !follows_locative(mention);
            let (code, what) = if govt {
                (info.code.with_role("GOV"), "capital")
            } else if people || person_of {
                // "Libyans", "Ghanaians", "a Palestinian": the people of a country.
                (info.code.with_role("CVL"), "people")
            } else if matches!(how, CountryHow::Capital | CountryHow::Place) {
                // "in Paris", "Aleppo": a town or region stands for its country; the entry says
                // it is a place, so "the Paris talks" can be read as where, not who.
                (info.code.clone(), if how == CountryHow::Capital { "capital" } else { "place" })
            } else {
                (info.code.clone(), "country")
            };
            return Some(self.generic(code, format!("{what}:{}", info.iso), info.name.to_string()));
        }
        // Nothing in the head part: the rest may still name the actor ("a member of the Syrian
        // parliament", "the government of Chad").
        if cut < toks.len() && head.is_empty() {
            let rest_toks = &toks[cut + 1..];
            let rest_found: Vec<Found<'_>> = found
                .iter()
                .filter(|f| f.start > cut)
                .map(|f| Found { start: f.start - cut - 1, end: f.end - cut - 1, ..f.clone() })
                .collect();
            return self.compose(rest_toks, &rest_found, mention, ctx);
        }
        None
    }

    /// Whether a found country word names its people in the plural ("Palestinians", "Kurds").
    fn is_people(&self, f: &Found<'_>, toks: &[(String, bool)]) -> bool {
        if f.plural {
            return f.items.iter().any(|i| matches!(i, Item::Country(_, CountryHow::Adjective | CountryHow::Place)));
        }
        let Some((last, _)) = toks.get(f.end.wrapping_sub(1)) else { return false };
        f.end - f.start == 1
            && normalize::singulars(last)
                .any(|s| self.lookup(&s).iter().any(|i| matches!(i, Item::Country(_, CountryHow::Adjective))))
    }

    /// The strongest reading of one found phrase.
    fn pick(&self, f: &Found<'_>, date: Day, ctx: &Context) -> Pick {
        let mut best = Pick::None;
        let mut best_rank = u8::MAX;
        for &item in f.items {
            let (rank, pick) = match item {
                Item::Entry(e) => {
                    let entry = self.entry_at(e);
                    let supp = entry.from_supplement();
                    match entry.kind {
                        EntryKind::Person => (if supp { 0 } else { 5 }, Pick::Person(e)),
                        _ => (if supp { 0 } else { 5 }, Pick::Org(e)),
                    }
                }
                Item::Role(r) => (1, Pick::Role(r)),
                Item::Country(c, how) => match how {
                    CountryHow::Place => (6, Pick::Country(c, how)),
                    _ => (2, Pick::Country(c, how)),
                },
                Item::Surname(_) if f.preceded_by_unknown_name => continue,
                Item::Surname(e) => match self.surname_pick(f, e, date, ctx) {
                    Some(e) => (3, Pick::Person(e)),
                    None => continue,
                },
                // A common noun that is also some Phoenix record's name ("youths") is the noun.
                Item::Agent(a) => (4, Pick::Agent(a)),
            };
            if rank < best_rank {
                best_rank = rank;
                best = pick;
            }
        }
        best
    }

    /// Which person a bare surname means: one mentioned earlier in the document, else the only
    /// bearer in office on the date, else the only bearer.
    fn surname_pick(&self, f: &Found<'_>, _first: u32, date: Day, ctx: &Context) -> Option<u32> {
        let bearers: Vec<u32> =
            f.items.iter().filter_map(|i| if let Item::Surname(e) = i { Some(*e) } else { None }).collect();
        for r in ctx.recent.iter().rev() {
            if let Some(&e) = bearers.iter().find(|&&e| *self.entry_at(e).id == *r.resolution.actor_id) {
                return Some(e);
            }
        }
        let in_office: Vec<u32> = bearers
            .iter()
            .copied()
            .filter(|&e| self.entry_at(e).tenures.iter().any(|t| t.is_dated() && t.contains(date)))
            .collect();
        match (in_office.as_slice(), bearers.as_slice()) {
            ([one], _) => Some(*one),
            ([], [one]) => Some(*one),
            _ => None,
        }
    }

    /// A person on `date`: the office held then, else `ELI` once an office has ended.
    pub(crate) fn person_resolution(&self, e: u32, date: Day, former: bool) -> Resolution {
        let entry = self.entry_at(e);
        let code = match entry.tenure_on(date) {
            Some(t) if !former => t.code.clone(),
            Some(t) => country_part(&t.code).with_role("ELI"),
            None if entry.left_office_before(date) || former => eli(entry),
            None => entry.home_country().map(country_part).unwrap_or_else(|| nearest(entry, date)),
        };
        self.entry_resolution(entry, code)
    }

    pub(crate) fn entry_resolution(&self, entry: &Entry, code: ActorCode) -> Resolution {
        let (country, cameo_country) = countries_of(&code);
        Resolution {
            country,
            cameo_country,
            sector: code.sector(),
            cameo_code: code.to_string(),
            actor_id: entry.id.to_string(),
            kb_entry: entry.id.to_string(),
            provisional: false,
            name: entry.name.to_string(),
        }
    }

    fn org_resolution(&self, e: u32, date: Day) -> Resolution {
        let entry = self.entry_at(e);
        let code = entry.tenure_on(date).map(|t| t.code.clone()).unwrap_or_else(|| nearest(entry, date));
        self.entry_resolution(entry, code)
    }

    fn base_code(&self, b: Base, date: Day) -> (ActorCode, String) {
        match b {
            Base::Org(e) => {
                let entry = self.entry_at(e);
                let code = entry.tenure_on(date).map(|t| t.code.clone()).unwrap_or_else(|| nearest(entry, date));
                (code, entry.id.to_string())
            }
            Base::Country(c) => {
                let info = &self.countries[c as usize];
                (info.code.clone(), format!("country:{}", info.iso))
            }
        }
    }

    fn agent_resolution(&self, agent: u32, base: Option<Base>, former: bool, date: Day) -> Resolution {
        let info = &self.agents[agent as usize];
        let role = if former { "ELI" } else { &info.code };
        let (code, what) = match base {
            Some(b) => {
                let (code, what) = self.base_code(b, date);
                let composed = if info.prefix && code.international().is_some() {
                    code
                } else if info.prefix {
                    ActorCode::parse(&format!("{}{}", info.code, country_part(&code))).unwrap_or(code)
                } else {
                    code.with_role(role)
                };
                (composed, what)
            }
            None => {
                (ActorCode::parse(role).or_else(|| ActorCode::parse(&info.code)).unwrap_or_else(unknown), String::new())
            }
        };
        let kb_entry =
            if what.is_empty() { format!("agent:{}", info.code) } else { format!("{what}+agent:{}", info.code) };
        let name = code.to_string();
        let mut r = self.generic(code, kb_entry, name);
        if info.prefix {
            // `NGO~` agents: the organisation kind leads the code; the country stays the base's.
            if let Some(Base::Country(c)) = base {
                let iso = self.countries[c as usize].iso;
                r.country = Some(iso);
            }
        }
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn role_resolution(
        &self,
        role: u32,
        modifier: Option<Base>,
        former: bool,
        mention: &Mention<'_>,
        ctx: &Context,
        found: &[Found<'_>],
        toks: &[(String, bool)],
    ) -> Resolution {
        let info = &self.roles[role as usize];
        let date = mention.date;
        // Seats to try, most specific first.
        let mut seats: Vec<String> = Vec::new();
        let mut countries_in_phrase: Vec<Country> = Vec::new();
        for f in found {
            if let Pick::Country(c, _) = self.pick(f, date, ctx) {
                countries_in_phrase.push(self.countries[c as usize].iso);
            }
        }
        match modifier {
            Some(Base::Org(e)) => {
                if let Some(seat) = &self.entry_at(e).seat {
                    for c in &countries_in_phrase {
                        seats.push(format!("{seat}:{c}"));
                    }
                    seats.push(seat.to_string());
                }
            }
            Some(Base::Country(c)) => {
                let iso = self.countries[c as usize].iso;
                if let Some(fixed) = &info.seat {
                    seats.push(format!("{fixed}:{iso}"));
                }
                seats.push(iso.to_string());
            }
            None => {}
        }
        if let Some(fixed) = &info.seat {
            seats.push(fixed.to_string());
        }
        if seats.is_empty() {
            // A bare title: the recent actor holding that office ("the secretary").
            if let Some(r) = ctx.recent.iter().rev().find(|r| {
                r.kind == EntryKind::Person
                    && (r.role.as_deref() == Some(&*info.role)
                        || r.title_key.as_deref().is_some_and(|t| contains_words(t, &info.phrase_key)))
            }) {
                return r.resolution.clone();
            }
            if let Some(c) = self.context_country(mention, ctx) {
                seats.push(c.to_string());
            }
        }
        for seat in &seats {
            if let Some((entry, tenure)) = self.holder(&info.role, seat, date) {
                if !former {
                    let mut r = self.entry_resolution(entry, tenure.code.clone());
                    r.kb_entry = format!("role:{}@{seat}>{}", info.role, entry.id);
                    return r;
                }
            }
        }
        // No holder known: the seat's code with the title's sector.
        let sector_code = if former { "ELI" } else { &info.code };
        let base = modifier.or_else(|| {
            seats.iter().find_map(|s| s.parse::<Country>().ok()).and_then(|c| self.country_index(c)).map(Base::Country)
        });
        let (code, what) = match base {
            Some(b) => {
                let (code, what) = self.base_code(b, date);
                (code.with_role(sector_code), what)
            }
            None => (ActorCode::parse(sector_code).unwrap_or_else(unknown), String::new()),
        };
        let _ = toks;
        let kb_entry = format!("role:{}@{}", info.role, if what.is_empty() { "?" } else { &what });
        let name = code.to_string();
        self.generic(code, kb_entry, name)
    }

    fn generic(&self, code: ActorCode, kb_entry: String, name: String) -> Resolution {
        let (country, cameo_country) = countries_of(&code);
        Resolution {
            country,
            cameo_country,
            sector: code.sector(),
            actor_id: format!("cameo:{code}"),
            cameo_code: code.to_string(),
            kb_entry,
            provisional: false,
            name,
        }
    }

    /// The country the sentence (outside the mention) or, failing that, the document is about.
    fn context_country(&self, mention: &Mention<'_>, ctx: &Context) -> Option<Country> {
        // "U.S.-backed rebels": a group named by its sponsor is nobody's the sentence or the
        // document names around it (the sponsor, its enemies, the countries it fights in).
        let toks = normalize::tokens(mention.text);
        if toks.iter().any(|t| SPONSOR.contains(&t.as_str())) {
            return None;
        }
        if let Some(sentence) = mention.sentence {
            // The country named nearest the mention (after it on a tie: "rebels in Syria").
            const MARK: &str = " attachementionmark ";
            let marked = sentence.replacen(mention.text, MARK, 1);
            let toks = normalize::tokens_with_case(&marked);
            let at = toks.iter().position(|(t, _)| t == MARK.trim()).unwrap_or(0);
            let mut best: Option<(usize, bool, Country)> = None;
            for f in self.scan(&toks) {
                let sponsor = toks.get(f.end).is_some_and(|(t, _)| SPONSOR.contains(&t.as_str()))
                    || f.start > 0 && matches!(toks[f.start - 1].0.as_str(), "anti" | "pro");
                if sponsor {
                    continue;
                }
                for item in f.items {
                    if let Item::Country(c, how) = item {
                        if *how != CountryHow::Place || f.end - f.start > 1 {
                            let after = f.start > at;
                            let dist = if after { f.start - at } else { at.saturating_sub(f.end) + 1 };
                            let better = best.is_none_or(|(d, a, _)| dist < d || dist == d && after && !a);
                            if better {
                                best = Some((dist, after, self.countries[*c as usize].iso));
                            }
                        }
                    }
                }
            }
            if let Some((_, _, c)) = best {
                return Some(c);
            }
        }
        ctx.country
    }

    /// A person the KB does not know, defined by `desc` ("the U.S. coordinator for Syria") or by
    /// a title in front of the name: country and sector from the definition, provisional id.
    fn provisional(&self, name: &str, desc: &str, mention: &Mention<'_>, ctx: &Context) -> Option<Resolution> {
        let name_toks = normalize::tokens_with_case(name);
        if !self.is_unknown_name(&name_toks) {
            return None;
        }
        let desc_mention = Mention { text: desc.trim(), sentence: mention.sentence, date: mention.date };
        let desc_toks = normalize::tokens_with_case(desc_mention.text);
        let found = self.scan(&desc_toks);
        let described = self.compose(&desc_toks, &found, &desc_mention, ctx)?;
        if described.country.is_none() && described.sector.is_none() {
            return None;
        }
        Some(provisional_resolution(name, described))
    }
}

impl Kb {
    /// Two to four capitalised words that no person or organisation of the KB covers (single
    /// words inside may still be places: "Nasser", "Jordan").
    fn is_unknown_name(&self, toks: &[(String, bool)]) -> bool {
        // "The US, Russia and ...": a sentence-initial article is no part of a name.
        let skip = toks.iter().take_while(|(t, _)| matches!(t.as_str(), "the" | "a" | "an")).count();
        let toks = &toks[skip..];
        if !(2..=4).contains(&toks.len()) || !toks.iter().all(|(_, cap)| *cap) {
            return false;
        }
        let ctx = Context::default();
        let far_past = Day::from_days_since_epoch(0);
        !self.scan(toks).iter().any(|f| {
            f.end - f.start == toks.len()
                || f.end - f.start >= 2 && matches!(self.pick(f, far_past, &ctx), Pick::Person(_) | Pick::Org(_))
                || matches!(self.pick(f, far_past, &ctx), Pick::Role(_))
        })
    }
}

pub(crate) fn provisional_resolution(name: &str, described: Resolution) -> Resolution {
    Resolution {
        actor_id: format!("new:{}", slug(name)),
        kb_entry: format!("provisional<{}>", described.kb_entry),
        provisional: true,
        name: name.trim().to_string(),
        ..described
    }
}

#[derive(Debug, Clone, Copy)]
enum Pick {
    Person(u32),
    Role(u32),
    Agent(u32),
    Org(u32),
    Country(u32, CountryHow),
    None,
}

#[derive(Debug, Clone, Copy)]
enum Base {
    Org(u32),
    Country(u32),
}

fn resolve_pronoun(tok: &str, ctx: &Context) -> Option<Resolution> {
    let wants_person = MALE.contains(&tok) || FEMALE.contains(&tok);
    let wants_plural = PLURAL.contains(&tok);
    let wants_neuter = NEUTER.contains(&tok);
    if !(wants_person || wants_plural || wants_neuter) {
        return None;
    }
    ctx.recent
        .iter()
        .rev()
        .find(|r| if wants_person { r.kind == EntryKind::Person } else { r.kind != EntryKind::Person })
        .map(|r| r.resolution.clone())
}

fn follows_locative(mention: &Mention<'_>) -> bool {
    let Some(sentence) = mention.sentence else { return false };
    let Some(pos) = sentence.find(mention.text) else { return false };
    let before = &sentence[..pos];
    let prev = before.split_whitespace().next_back().unwrap_or("").to_lowercase();
    let next = sentence[pos + mention.text.len()..].split_whitespace().next().unwrap_or("").to_lowercase();
    LOCATIVE.contains(&prev.as_str()) || next.starts_with("suburb") || next.starts_with("street")
}

/// "NAME, the DESCRIPTION," in the sentence: the description, if a comma follows the name.
fn apposition_after<'s>(sentence: &'s str, name: &str) -> Option<&'s str> {
    let pos = sentence.find(name)?;
    let after = sentence[pos + name.len()..].strip_prefix(", ")?;
    let bytes = after.as_bytes();
    let end = (0..bytes.len())
        .find(|&i| match bytes[i] {
            b',' | b';' | b'(' => true,
            // A full stop ends the sentence, not the "." of "U.S.".
            b'.' => {
                bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
                    && !bytes[..i].ends_with(b".S")
                    && i > 0
                    && bytes[i - 1].is_ascii_lowercase()
            }
            _ => false,
        })
        .unwrap_or(after.len());
    let desc = after[..end].trim().trim_end_matches('.');
    (!desc.is_empty()).then_some(desc)
}

fn contains_words(haystack: &str, needle: &str) -> bool {
    let hay: Vec<&str> = haystack.split(' ').collect();
    let need: Vec<&str> = needle.split(' ').collect();
    !need.is_empty() && hay.windows(need.len()).any(|w| w == need.as_slice())
}

fn country_part(code: &ActorCode) -> ActorCode {
    let head = code.as_str().get(..3).unwrap_or("");
    if code.cameo_country().is_some() || code.international().is_some() {
        ActorCode::parse(head).unwrap_or_else(|| code.clone())
    } else {
        code.clone()
    }
}

fn eli(entry: &Entry) -> ActorCode {
    entry
        .home_country()
        .map(country_part)
        .map(|c| c.with_role("ELI"))
        .or_else(|| ActorCode::parse("ELI"))
        .unwrap_or_else(unknown)
}

/// The dated code closest in time to `date` (an organisation's code before it was founded or
/// after it was dissolved), else any code.
fn nearest(entry: &Entry, date: Day) -> ActorCode {
    let distance = |t: &Tenure| {
        let d = date.days_since_epoch();
        let before = t.from.map_or(0, |f| (f.days_since_epoch() - d).max(0));
        let after = t.to.map_or(0, |e| (d - e.days_since_epoch()).max(0));
        before + after
    };
    entry.tenures.iter().min_by_key(|t| distance(t)).map(|t| t.code.clone()).unwrap_or_else(unknown)
}

fn unknown() -> ActorCode {
    ActorCode::parse("UNK").expect("UNK is a valid code")
}

fn with_sector(kb: &Kb, r: Resolution, role_code: &str) -> Resolution {
    let Some(code) = ActorCode::parse(&r.cameo_code) else { return r };
    let code = country_part(&code).with_role(role_code);
    let _ = kb;
    Resolution { sector: code.sector(), cameo_code: code.to_string(), ..r }
}

fn countries_of(code: &ActorCode) -> (Option<Country>, Option<String>) {
    let country = code.country();
    let cameo = code.cameo_country().filter(|c| country.is_some_and(|iso| iso.as_str() != *c)).map(str::to_string);
    (country, cameo)
}

pub(crate) fn slug(name: &str) -> String {
    normalize::tokens(name).join("-").replace('.', "")
}
