/* fuzz.h — what the libFuzzer targets in tests/fuzz/ share with the seed
 * generator (seeds.c): a fixed test identity, so that seeds sealed by
 * seeds.c open in fuzz_open.c. A key made for these tests by
 * `idredact keygen`; it protects nothing. */
#ifndef IDR_FUZZ_H
#define IDR_FUZZ_H

#define FUZZ_IDENTITY \
	"AGE-SECRET-KEY-1WK026M540APQJ6PMX7N4YCTSES8Q4Y9MN0FQR5U5T7335ET7WV6SANTN3X"
#define FUZZ_RECIPIENT \
	"age15qls6cx3376t43ckhv2z62gfw8v0chfr7jswq8kxk8ex02fmjplshr0vgl"
/* A second identity, not a recipient of the seeds. */
#define FUZZ_OTHER_IDENTITY \
	"AGE-SECRET-KEY-1VPL30JKGCJPA65DNQGMR2Z3CCATV5MFVRK2XLCHM7LPXC6YH70AQC8YEL2"

/* The image target's limits: a seed is ~100 px on a side, and OCR scales
 * a page up 3x at most, so each run stays a fraction of a second. */
#define FUZZ_MAX_PIXELS (256 * 256)

#endif
