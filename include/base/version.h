#ifndef WIZ_BASE_VERSION_H
#define WIZ_BASE_VERSION_H

/* The version of usmtwiz, e.g. "0.1.0". */
extern const char wiz_version[];

#endif
