/* fake.c — fake people and fake identifiers (interface in gen.h).
 *
 * Names are invented from short lists of common given and family names;
 * combined at random they belong to no one in particular. Numbers are
 * random digits in the shape of each kind; where a kind has a check
 * character it is chosen by trying every candidate and asking
 * ids_check() (filter/text/kinds.c, linked from libidredact.a) which one passes.
 * The check rules therefore live only in the library: a generator that
 * disagreed with the redactor would prove nothing.
 */
#include <string.h>

#include "internal.h"
#include "gen.h"

int rnd(GRand *rng, int lo, int hi)
{
	return g_rand_int_range(rng, lo, hi + 1);
}

const char *pick_str(GRand *rng, const char *const *list, int n)
{
	return list[rnd(rng, 0, n - 1)];
}

/* ---------------------------------------------------------------- names */

/* Pairs of local script and Latin transliteration; the two lists of a
 * locale are combined at random. */
typedef struct name_pair {
	const char *local, *en;
} name_pair;

static const name_pair th_given_m[] = {
	{ "สมชาย", "Somchai" }, { "ธนา", "Thana" }, { "ปิยะ", "Piya" },
	{ "กมล", "Kamon" }, { "วีระ", "Weera" }, { "อนันต์", "Anan" },
};
static const name_pair th_given_f[] = {
	{ "สุดา", "Suda" }, { "วรรณา", "Wanna" }, { "มาลี", "Malee" },
	{ "อรุณี", "Arunee" }, { "ปราณี", "Pranee" }, { "จันทร์เพ็ญ", "Janpen" },
};
static const name_pair th_family[] = {
	{ "ใจดี", "Jaidee" }, { "รักไทย", "Rakthai" }, { "ศรีสุข", "Srisuk" },
	{ "บุญมา", "Boonma" }, { "มีสุข", "Meesuk" }, { "แสงทอง", "Saengthong" },
	{ "พูนผล", "Poonpol" }, { "ทองดี", "Thongdee" },
};
static const name_pair kr_given[] = {
	{ "민준", "Min-jun" }, { "서연", "Seo-yeon" }, { "지훈", "Ji-hoon" },
	{ "하은", "Ha-eun" }, { "도윤", "Do-yun" }, { "수아", "Su-a" },
};
static const name_pair kr_family[] = {
	{ "김", "Kim" }, { "이", "Lee" }, { "박", "Park" }, { "최", "Choi" },
	{ "정", "Jung" }, { "한", "Han" },
};
static const name_pair zh_given[] = {
	{ "伟", "Wei" }, { "芳", "Fang" }, { "娜", "Na" }, { "敏", "Min" },
	{ "静", "Jing" }, { "磊", "Lei" }, { "秀英", "Xiuying" },
	{ "志强", "Zhiqiang" },
};
static const name_pair zh_family[] = {
	{ "王", "Wang" }, { "李", "Li" }, { "张", "Zhang" }, { "刘", "Liu" },
	{ "陈", "Chan" }, { "林", "Lin" }, { "黄", "Wong" },
};
static const name_pair jp_given[] = {
	{ "太郎", "Taro" }, { "花子", "Hanako" }, { "健", "Ken" },
	{ "由美", "Yumi" }, { "翔", "Sho" },
};
static const name_pair jp_family[] = {
	{ "佐藤", "Sato" }, { "鈴木", "Suzuki" }, { "高橋", "Takahashi" },
	{ "田中", "Tanaka" }, { "山本", "Yamamoto" },
};
static const name_pair vn_given[] = {
	{ "Văn An", "Van An" }, { "Thị Hoa", "Thi Hoa" },
	{ "Minh Tuấn", "Minh Tuan" }, { "Thị Lan", "Thi Lan" },
	{ "Quốc Bảo", "Quoc Bao" },
};
static const name_pair vn_family[] = {
	{ "Nguyễn", "Nguyen" }, { "Trần", "Tran" }, { "Lê", "Le" },
	{ "Phạm", "Pham" }, { "Hoàng", "Hoang" },
};
static const name_pair latin_given[] = {
	{ "Siti", "Siti" }, { "Ahmad", "Ahmad" }, { "Budi", "Budi" },
	{ "Dewi", "Dewi" }, { "Rahul", "Rahul" }, { "Priya", "Priya" },
	{ "Maria", "Maria" }, { "Jose", "Jose" }, { "Aisha", "Aisha" },
	{ "Ravi", "Ravi" }, { "Nurul", "Nurul" }, { "Daniel", "Daniel" },
};
static const name_pair latin_family[] = {
	{ "Binti Hassan", "Binti Hassan" }, { "Santoso", "Santoso" },
	{ "Kumar", "Kumar" }, { "Sharma", "Sharma" }, { "Reyes", "Reyes" },
	{ "Dela Cruz", "Dela Cruz" }, { "Tan", "Tan" }, { "Lim", "Lim" },
	{ "Wijaya", "Wijaya" }, { "Bin Ismail", "Bin Ismail" },
};

#define PICK_PAIR(rng, list) (&(list)[rnd((rng), 0, G_N_ELEMENTS(list) - 1)])

void person_make(GRand *rng, locale_id loc, person *p)
{
	const name_pair *given, *family;

	memset(p, 0, sizeof *p);
	p->male = g_rand_boolean(rng);
	p->year = rnd(rng, 1955, 1999);
	p->month = rnd(rng, 1, 12);
	p->day = rnd(rng, 1, 28);
	switch (loc) {
	case LOC_TH:
		given = p->male ? PICK_PAIR(rng, th_given_m) :
			PICK_PAIR(rng, th_given_f);
		family = PICK_PAIR(rng, th_family);
		break;
	case LOC_KR:
		given = PICK_PAIR(rng, kr_given);
		family = PICK_PAIR(rng, kr_family);
		break;
	case LOC_CN: case LOC_TW: case LOC_HK: case LOC_SG:
		given = PICK_PAIR(rng, zh_given);
		family = PICK_PAIR(rng, zh_family);
		break;
	case LOC_JP:
		given = PICK_PAIR(rng, jp_given);
		family = PICK_PAIR(rng, jp_family);
		break;
	case LOC_VN:
		given = PICK_PAIR(rng, vn_given);
		family = PICK_PAIR(rng, vn_family);
		break;
	default:
		given = PICK_PAIR(rng, latin_given);
		family = PICK_PAIR(rng, latin_family);
		break;
	}
	p->given_local = g_strdup(given->local);
	p->given_en = g_strdup(given->en);
	p->family_local = g_strdup(family->local);
	p->family_en = g_strdup(family->en);
}

void person_clear(person *p)
{
	g_free(p->given_en);
	g_free(p->family_en);
	g_free(p->given_local);
	g_free(p->family_local);
	memset(p, 0, sizeof *p);
}

/* ---------------------------------------------------------- identifiers */

/* One kind's shape. pattern: D any digit, N 1-9, L a letter, ? the check
 * character (tried from checks), [..] one of the listed characters,
 * @ birth date YYMMDD, # YYYYMMDD, % DDMMYY (NIK: women add 40 to the
 * day), ~ YY, ^ the CCCD century/sex digit (0 men, 1 women born in the
 * 1900s; Circular 07/2016/TT-BCA); anything else is literal. layout: X takes the next character of
 * the value, ' ' and '-' are the separators fake_printed() may replace,
 * anything else is printed as it is. Shapes and layouts from
 * /work/shared/IDENTIFIERS.md (python-stdnum, FormSG, ICAO 9303). */
typedef struct id_shape {
	const char *kind;
	const char *pattern;
	const char *checks;
	const char *layout;
} id_shape;

static const id_shape shapes[] = {
	{ "th_id", "[12345678]DDDDDDDDDDD?", "0123456789",
	  "X XXXX XXXXX XX X" },
	{ "sg_nric", "[ST]DDDDDDD?", "ABCDEFGHIJZ", "XXXXXXXXX" },
	/* province 001-096, century/sex, two year digits, six random */
	{ "vn_cccd", "0[0134579]N^~DDDDDD", NULL, "XXXXXXXXXXXX" },
	{ "vn_cmnd", "[0123]DDDDDDDD", NULL, "XXXXXXXXX" },
	/* S 1/2: born in the 1900s (person_make keeps years 1955-1999) */
	{ "kr_rrn", "@[12]DDDDD?", "0123456789", "XXXXXX-XXXXXXX" },
	/* birthplace 01-14 are all valid state codes */
	{ "my_nric", "@[01][1234]DDDD", NULL, "XXXXXX-XX-XXXX" },
	{ "id_nik", "3[1-5]7[1-4]0N%DDDN", NULL, "XXXXXXXXXXXXXXXX" },
	{ "hk_id", "LDDDDDD?", "0123456789A", "XXXXXXX(X)" },
	{ "tw_id", "L[12]DDDDDDD?", "0123456789", "XXXXXXXXXX" },
	{ "cn_ric", "[1345][1-5]010N#DD[13579]?", "0123456789X",
	  "XXXXXXXXXXXXXXXXXX" },
	{ "jp_mynumber", "NDDDDDDDDDD?", "0123456789", "XXXX XXXX XXXX" },
	{ "in_aadhaar", "[23456789]DDDDDDDDDD?", "0123456789",
	  "XXXX XXXX XXXX" },
	{ "ph_philsys", "NDDDDDDDDDDDDDDD", NULL, "XXXX-XXXX-XXXX-XXXX" },
	{ "imei", "35DDDDDDDDDDDD?", "0123456789", "XX-XXXXXX-XXXXXX-X" },
	/* MCC 520 (TH) + MNC 01/03/04 + MSIN */
	{ "imsi", "5200[134]DDDDDDDDDD", NULL, "XXXXXXXXXXXXXXX" },
	/* 89 + 66 (TH) + issuer + account + Luhn: 19 digits */
	{ "iccid", "8966DDDDDDDDDDDDDD?", "0123456789",
	  "XXXX XXXX XXXX XXXX XXX" },
	/* Thai mobile: 0 + 9 digits starting 6, 8 or 9 */
	{ "phone", "0[689]DDDDDDDD", NULL, "XXX XXX XXXX" },
	/* Thai passports: two letters and seven digits */
	{ "passport", "LLDDDDDDD", NULL, "XXXXXXXXX" },
};

static const id_shape *shape_of(const char *kind)
{
	for (size_t i = 0; i < G_N_ELEMENTS(shapes); i++)
		if (strcmp(shapes[i].kind, kind) == 0)
			return &shapes[i];
	return NULL;
}

const char *const *fake_kinds(void)
{
	static const char *names[G_N_ELEMENTS(shapes) + 1];

	for (size_t i = 0; i < G_N_ELEMENTS(shapes); i++)
		names[i] = shapes[i].kind;
	return names;
}

/* Appends one character from the set at *pat ("[...]", ranges a-b
 * allowed) and advances *pat past the closing bracket. */
static void pick_from_set(GRand *rng, const char **pat, GString *out)
{
	GString *set = g_string_new(NULL);
	const char *s = *pat + 1;

	for (; *s && *s != ']'; s++) {
		if (s[1] == '-' && s[2] && s[2] != ']') {
			for (char c = s[0]; c <= s[2]; c++)
				g_string_append_c(set, c);
			s += 2;
		} else {
			g_string_append_c(set, *s);
		}
	}
	g_string_append_c(out, set->str[rnd(rng, 0, (int) set->len - 1)]);
	*pat = *s ? s : s - 1;
	g_string_free(set, TRUE);
}

/* Returns the value with the check position left as '?', g_malloc'ed. */
static char *fill_pattern(GRand *rng, const char *pattern, const person *p)
{
	GString *out = g_string_new(NULL);
	int y = p ? p->year : rnd(rng, 1955, 1999);
	int m = p ? p->month : rnd(rng, 1, 12);
	int d = p ? p->day : rnd(rng, 1, 28);
	bool male = p ? p->male : g_rand_boolean(rng);

	for (const char *s = pattern; *s; s++) {
		switch (*s) {
		case 'D': g_string_append_c(out, (char) ('0' + rnd(rng, 0, 9))); break;
		case 'N': g_string_append_c(out, (char) ('0' + rnd(rng, 1, 9))); break;
		case 'L': g_string_append_c(out, (char) ('A' + rnd(rng, 0, 25))); break;
		case '[': pick_from_set(rng, &s, out); break;
		case '@': g_string_append_printf(out, "%02d%02d%02d", y % 100, m, d); break;
		case '#': g_string_append_printf(out, "%04d%02d%02d", y, m, d); break;
		case '~': g_string_append_printf(out, "%02d", y % 100); break;
		case '^': g_string_append_c(out, (char) ('0' + (y >= 2000) * 2 +
							 !male)); break;
		/* NIK: women add 40 to the day (IDENTIFIERS.md, stdnum id/nik) */
		case '%': g_string_append_printf(out, "%02d%02d%02d",
						 d + (male ? 0 : 40), m, y % 100); break;
		default: g_string_append_c(out, *s); break;
		}
	}
	return g_string_free(out, FALSE);
}

char *fake_value(GRand *rng, const char *kind, const person *p,
		 const char **why)
{
	const id_shape *shape = shape_of(kind);

	*why = NULL;
	if (!shape) {
		*why = "no shape for this kind in samples/fake.c";
		return NULL;
	}
	/* A few draws: some bodies have no passing check character (none
	 * of ours, but a rule may reject a body outright). */
	for (int attempt = 0; attempt < 50; attempt++) {
		char *v = fill_pattern(rng, shape->pattern, p);
		char *q = strchr(v, '?');
		int verdict = -1;

		if (!q)
			return v;
		for (const char *c = shape->checks; *c; c++) {
			*q = *c;
			verdict = ids_check(kind, v);
			if (verdict == 1)
				return v;
			if (verdict == -1)
				break;
		}
		g_free(v);
		if (verdict == -1) {
			*why = "ids_check() knows no check for this kind";
			return NULL;
		}
	}
	*why = "ids_check() accepted no check character";
	return NULL;
}

char *fake_printed(const char *kind, const char *value, const char *sep)
{
	const id_shape *shape = shape_of(kind);
	GString *out = g_string_new(NULL);
	const char *v = value;

	if (!shape)
		return g_strdup(value);
	for (const char *s = shape->layout; *s; s++) {
		bool separator = *s == ' ' || *s == '-';

		if (*s == 'X') {
			if (*v)
				g_string_append_c(out, *v++);
		} else if (separator && !*v) {
			/* a value shorter than the layout: no trailing gap */
		} else if (separator && sep) {
			g_string_append(out, sep);
		} else {
			g_string_append_c(out, *s); /* "(" and ")" of HKID too */
		}
	}
	/* A value longer than the layout keeps its tail. */
	g_string_append(out, v);
	return g_string_free(out, FALSE);
}

char mrz_check_digit(const char *field)
{
	size_t n = strlen(field);
	char *buf = g_malloc(n + 2);
	char found = 0;

	memcpy(buf, field, n);
	buf[n + 1] = '\0';
	for (char c = '0'; c <= '9' && !found; c++) {
		buf[n] = c;
		if (ids_check("mrz_check", buf) == 1)
			found = c;
	}
	g_free(buf);
	return found;
}
