/* seed.h — the seed of a test's generated cases, shared by the suites
 * that generate them: IDR_TEST_SEED when set (to repeat a failure, whose
 * message prints the seed), else one drawn on the first call and kept for
 * the run. */
#ifndef IDR_TESTS_SEED_H
#define IDR_TESTS_SEED_H

#include <stdlib.h>

#include <glib.h>

static inline guint32 class_seed(void)
{
	static guint32 seed;
	if (!seed) {
		const char *e = getenv("IDR_TEST_SEED");
		seed = e ? (guint32)strtoul(e, NULL, 10) : g_random_int();
		seed = seed ? seed : 1;
	}
	return seed;
}

/* IDR_TEST_STRIDE=N (make asan sets 2): the heaviest sweeps over the
 * generated samples (the face cascades against OpenCV, the portrait
 * finders alone) take every Nth sample of their order, and their floors
 * on counts are divided by N. The sanitizers look for memory errors,
 * which the same code shows on any sample; the ordinary run takes them
 * all. */
static inline guint test_stride(void)
{
	const char *e = getenv("IDR_TEST_STRIDE");
	long n = e ? strtol(e, NULL, 10) : 1;
	return n > 1 ? (guint)n : 1;
}

#endif /* IDR_TESTS_SEED_H */
