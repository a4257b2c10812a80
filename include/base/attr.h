#ifndef WIZ_BASE_ATTR_H
#define WIZ_BASE_ATTR_H

/*
 * printf-style checking.  GCC's "printf" archetype means the Microsoft
 * runtime's rules on MinGW, which lack %zu and %lld; we build with the
 * GNU-compatible stdio there, so ask GCC for gnu_printf.  clang knows only
 * "printf" (and checks C99 rules with it).
 */
#if defined(__clang__)
#define WIZ_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define WIZ_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#endif

#endif
