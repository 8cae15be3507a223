package io.imgctl.adapter.fake;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Docker-style container names, {@code adjective_surname}, from (a part of) the word lists of
 * Docker's {@code namesgenerator}. The choice is derived from the container's ID, so it is
 * deterministic; a name already in use is never given again.
 */
final class Names {

    /** Docker's rule for names users give: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}. */
    static final Pattern VALID = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");

    static final List<String> ADJECTIVES = List.of(
            "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "beautiful",
            "blissful", "bold", "boring", "brave", "busy", "charming", "clever", "compassionate", "competent",
            "condescending", "confident", "cool", "cranky", "crazy", "dazzling", "determined", "distracted",
            "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic", "exciting",
            "fervent", "festive", "flamboyant", "focused", "friendly", "frosty", "funny", "gallant", "gifted",
            "goofy", "gracious", "great", "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible",
            "inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing", "loving",
            "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice", "nifty",
            "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive", "practical", "priceless",
            "quirky", "quizzical", "recursing", "relaxed", "reverent", "romantic", "sad", "serene", "sharp",
            "silly", "sleepy", "stoic", "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty",
            "trusting", "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful",
            "xenodochial", "youthful", "zealous", "zen");

    static final List<String> SURNAMES = List.of(
            "agnesi", "albattani", "allen", "almeida", "antonelli", "archimedes", "ardinghelli", "aryabhata",
            "austin", "babbage", "banach", "bardeen", "bartik", "bassi", "beaver", "bell", "benz", "bhabha",
            "bhaskara", "black", "blackburn", "blackwell", "bohr", "booth", "borg", "bose", "bouman", "boyd",
            "brahmagupta", "brattain", "brown", "buck", "burnell", "cannon", "carson", "cartwright", "carver",
            "cerf", "chandrasekhar", "chaplygin", "chatelet", "chatterjee", "chaum", "chebyshev", "clarke",
            "cohen", "colden", "cori", "cray", "curie", "curran", "darwin", "davinci", "dewdney", "dhawan",
            "diffie", "dijkstra", "dirac", "driscoll", "dubinsky", "easley", "edison", "einstein", "elbakyan",
            "elgamal", "elion", "ellis", "engelbart", "euclid", "euler", "faraday", "feistel", "fermat", "fermi",
            "feynman", "franklin", "gagarin", "galileo", "galois", "ganguly", "gauss", "germain", "goldberg",
            "goldstine", "goldwasser", "golick", "goodall", "gould", "greider", "grothendieck", "haibt",
            "hamilton", "haslett", "hawking", "heisenberg", "hellman", "hermann", "herschel", "hertz",
            "heyrovsky", "hodgkin", "hofstadter", "hoover", "hopper", "hugle", "hypatia", "ishizaka", "jackson",
            "jang", "jemison", "jennings", "jepsen", "johnson", "joliot", "jones", "kalam", "kapitsa", "kare",
            "keldysh", "keller", "kepler", "khayyam", "khorana", "kilby", "kirch", "knuth", "kowalevski",
            "lalande", "lamarr", "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin", "lichterman",
            "liskov", "lovelace", "lumiere", "mahavira", "margulis", "matsumoto", "maxwell", "mayer", "mccarthy",
            "mcclintock", "mclaren", "mclean", "mcnulty", "meitner", "mendel", "mendeleev", "meninsky", "merkle",
            "mestorf", "mirzakhani", "montalcini", "moore", "morse", "moser", "murdock", "napier", "nash",
            "neumann", "newton", "nightingale", "nobel", "noether", "northcutt", "noyce", "panini", "pare",
            "pascal", "pasteur", "payne", "perlman", "pike", "poincare", "poitras", "proskuriakova", "ptolemy",
            "raman", "ramanujan", "rhodes", "ride", "ritchie", "robinson", "roentgen", "rosalind", "rubin",
            "saha", "sammet", "sanderson", "satoshi", "shamir", "shannon", "shaw", "shirley", "shockley",
            "shtern", "sinoussi", "snyder", "solomon", "spence", "stonebraker", "sutherland", "swanson",
            "swartz", "swirles", "taussig", "tereshkova", "tesla", "tharp", "thompson", "torvalds", "tu",
            "turing", "varahamihira", "vaughan", "villani", "visvesvaraya", "volhard", "wescoff", "wilbur",
            "wiles", "williams", "williamson", "wilson", "wing", "wozniak", "wright", "wu", "yalow", "yonath",
            "zhukovsky");

    private Names() {
    }

    /**
     * A name for the container with this 64-hex ID that {@code taken} does not reject. Like Docker it
     * never gives {@code boring_wozniak} ("Steve Wozniak is not boring").
     */
    static String generate(String idHex, Predicate<String> taken) {
        int a = (int) (Long.parseLong(idHex.substring(0, 8), 16) % ADJECTIVES.size());
        int s = (int) (Long.parseLong(idHex.substring(8, 16), 16) % SURNAMES.size());
        int all = ADJECTIVES.size() * SURNAMES.size();
        for (int i = 0; i < all; i++) {
            String name = ADJECTIVES.get((a + i / SURNAMES.size()) % ADJECTIVES.size())
                    + "_" + SURNAMES.get((s + i) % SURNAMES.size());
            if (!"boring_wozniak".equals(name) && !taken.test(name)) {
                return name;
            }
        }
        for (long n = 1; ; n++) {
            String name = ADJECTIVES.get(a) + "_" + SURNAMES.get(s) + n;
            if (!taken.test(name)) {
                return name;
            }
        }
    }
}
