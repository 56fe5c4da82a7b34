/* Force-included (-include) into every C file of the CPython build for old-glibc targets.
 *
 * glibc 2.29 gave exp, exp2, log, log2 and pow new default versions (GLIBC_2.29: the same
 * functions without the old SVID error handling). Built against glibc 2.31 a program would need
 * 2.29 to start; bound to the original GLIBC_2.2.5 versions, which every x86_64 glibc still
 * exports, it runs on 2.28 (UOS 20). CPython checks errno and the results itself, so the older
 * error handling changes nothing it relies on. */
#if defined(__x86_64__) && defined(__linux__) /* __GLIBC__ is not known yet: this comes first */
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#endif
