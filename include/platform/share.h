#ifndef WIZ_PLATFORM_SHARE_H
#define WIZ_PLATFORM_SHARE_H

#include <stdbool.h>

/*
 * File shares (\\server\share) a store can be written to.  Win32: the
 * network the machine is on (a share is reached once connected, with
 * WNetAddConnection2W or "net use").  POSIX: a table of practice shares,
 * each a folder (--share \\server\share=DIR); the table also travels in
 * USMTWIZ_SHARES, so a program started later (the simulator) sees the same
 * folders.  A practice share whose folder DIR has a file DIR.login beside
 * it ("user=NAME" and "password=WORD" lines) asks for that user and
 * password before it is reached; without one it is reached at once.
 * USMTWIZ_NETWORK=off plays a Windows PE whose network was not started.
 *
 * The password is a secret: these functions never copy it, log it or put
 * it in a message.
 */

struct wiz_err;

/* Why a share cannot be reached. */
enum share_failure {
    SHARE_OK,
    SHARE_NO_NETWORK,   /* the network is not started (wpeinit) */
    SHARE_NO_SERVER,    /* no such server, or no network driver */
    SHARE_NO_SHARE,     /* the server has no share of that name */
    SHARE_DENIED,       /* user or password refused */
    SHARE_BAD_PATH,     /* not a \\server\share path */
    SHARE_OTHER,
};

/*
 * The share of a UNC path, "\\server\share" (new string), or NULL when
 * path does not start with both names.  *rest (may be NULL) gets what
 * follows the share in path ("" or "\dir...", borrowed from path).
 */
char *share_root(const char *path, const char **rest);
/* The server part of a UNC path (new string), NULL when none. */
char *share_server(const char *path);

/*
 * Register a practice share: spec is "\\server\share=DIR" (--share).  -1
 * with err when spec is malformed or DIR is not a folder.  Win32: -1, a
 * real network has its own shares.
 */
int share_map(const char *spec, struct wiz_err *err);
/*
 * Where the share of path is for us, "\\server\share" on Win32, the
 * practice folder on POSIX; new string, NULL when path is not UNC or (POSIX)
 * no practice share has that name.  Does not say it is reached.
 */
char *share_folder(const char *path);
/*
 * Can the share of path be reached now?  0 yes; -1 with the reason in err
 * (the message starts with the share) and *why (may be NULL).
 */
int share_check(const char *path, enum share_failure *why,
                struct wiz_err *err);
/*
 * Can this machine tell whether a share is reached?  Win32: yes.  POSIX:
 * only when practice shares were given, USMTWIZ_NETWORK is set or
 * USMTWIZ_WINPE=1 plays Windows PE; otherwise a share path names a
 * network this machine is not on (a line linted elsewhere), and it is
 * not looked at.
 */
bool share_can_look(void);
/*
 * Connect the share of path with user ("DOMAIN\\name" or "name"; NULL or
 * "" for the current one) and password (a secret, NULL or "" for none).
 * 0 connected; -1 with the reason in err and *why (may be NULL).
 */
int share_connect(const char *path, const char *user, const char *password,
                  enum share_failure *why, struct wiz_err *err);
/*
 * A failure as words for the technician, with what to do (static): the
 * one wording every front-end shows.
 */
const char *share_failure_text(enum share_failure f);

#endif
