/*
 * The scanstate return-code table.  Symbols, categories and messages are
 * data from the USMT 10 documentation ("Return codes") and, for the extra
 * messages, from scanstate 10.0.15063's own message table; they are kept
 * verbatim because they are what the technician sees in the log.  The
 * meanings and fixes are ours.
 */
#include "core/usmt/retcodes.h"

#include <string.h>

#include "base/str.h"
#include "base/strbuf.h"

#define MIN_QUERY 4

static const char *const none[] = { NULL };

static const char *const m0[] = { "Successful run", NULL };
static const char *const m1[] = { "Command line help requested", NULL };
static const char *const m2[] = {
    "Gather was aborted because of an EFS file",
    "User chose to cancel (such as pressing CTRL+C)",
    NULL
};
static const char *const m3[] = {
    "At least one error was skipped as a result of /c", NULL
};
static const char *const m11[] = {
    "/all conflicts with /ui, /ue or /uel",
    "/auto expects an optional parameter for the script folder",
    "/encrypt can't be used with /nocompress",
    "/encrypt requires /key or /keyfile",
    "/genconfig can't be used with most other options",
    "/genmigxml can't be used with most other options",
    "/hardlink requires /nocompress",
    "/key and /keyfile both specified",
    "/key or /keyfile used without enabling encryption",
    "/lae is only used with /lac",
    "/listfiles cannot be used with /p",
    "/offline requires a valid path to an XML file describing offline paths",
    "/offlinewindir requires a valid path to offline windows folder",
    "/offlinewinold requires a valid path to offline windows folder",
    "A command was already specified",
    "An option argument is missing",
    "An option is specified more than once and is ambiguous",
    "By default /auto selects all users and uses the highest log verbosity "
    "level. Switches like /all, /ui, /ue, /v are not allowed.",
    "Command line arguments are required. Specify /? for options.",
    "Command line option is not valid",
    "EFS parameter specified is not valid for /efs",
    "File argument is invalid for /genconfig",
    "File argument is invalid for /genmigxml",
    "Invalid space estimate path. Check the parameters and/or file system "
    "permissions",
    "List file path argument is invalid for /listfiles",
    "Retry argument must be an integer",
    "Settings store argument specified is invalid",
    "Specified encryption algorithm is not supported",
    "The /efs:hardlink requires /hardlink",
    "The /targetWindows7 option is only available for Windows XP, Windows "
    "Vista, and Windows 7",
    "The store parameter is required but not specified",
    "The source-to-target domain mapping is invalid for /md",
    "The source-to-target user account mapping is invalid for /mu",
    "Undefined or incomplete command line option",
    "Use /nocompress, or provide an XML file path with /p\"pathtoafile\" to "
    "get a compressed store size estimate",
    "User exclusion argument is invalid",
    "Verbosity level must be specified as a sum of the desired log options: "
    "Verbose (0x01), Record Objects (0x04), Echo to debug port (0x08)",
    "Volume shadow copy feature is not supported with a hardlink store",
    "Wait delay argument must be an integer",
    NULL
};
static const char *const x11[] = {
    "/encrypt can't be used with /nocompress or /ppkg",
    "/ppkg cannot be used with /nocompress",
    "/ppkg cannot be used with /hardlink",
    "/ppkg cannot be used with /p",
    "/ppkg cannot contain a description for the apply side",
    "Provisioning package file is invalid for /diff",
    "use either /vsc or /vsc:OFF",
    "use either /tel:ON or /tel:OFF",
    "The /targetWindows8 option is only available for Windows XP, Windows "
    "Vista, Windows 7 and Windows 8",
    "Driver selection is invalid, expecting + or - at the beginning",
    "Driver selection is invalid, expecting p or c after +/-",
    "Driver selection is invalid, expecting : before pattern",
    "/drivers requires /ppkg",
    "/apps requires /ppkg or /genconfig",
    "/diff requires /apps",
    "/apps is not supported during apply",
    "/apps cannot be used with any /target switches",
    "/apps is not supported in offline mode",
    "/apps options allowed are: +-oeminfo, +-sysdrive, +-appfiles",
    "An error occurred processing the command line.",
    NULL
};
static const char *const m12[] = {
    "Command line arguments cannot exceed 256 characters",
    "Specified settings store path exceeds the maximum allowed length of "
    "256 characters",
    NULL
};
static const char *const m13[] = {
    "Log path argument is invalid for /l", NULL
};
static const char *const m14[] = {
    "Unable to create a local account because /lac was not specified", NULL
};
static const char *const m26[] = {
    "Multiple Windows installations found",
    "Software malfunction or unknown exception",
    "Unable to find a valid Windows directory to proceed with requested "
    "offline operation; Check if offline input file is present and has "
    "valid entries",
    NULL
};
static const char *const m27[] = {
    "A store path can't be used because an existing store exists; specify "
    "/o to overwrite",
    "A store path is missing or has incomplete data",
    "An error occurred during store creation",
    "An inappropriate device such as a floppy disk was specified for the "
    "store",
    "Invalid store path; check the store parameter and/or file system "
    "permissions",
    "The file layout and/or file content is not recognized as a valid store",
    "The store path holds a store incompatible with the current USMT "
    "version",
    "The store save location is read-only or does not support a requested "
    "storage option",
    NULL
};
static const char *const m28[] = {
    "Script file is invalid for /i",
    "Unable to find a script file specified by /i",
    NULL
};
static const char *const m29[] = {
    "A minimum of 250 MB of free space is required for temporary files",
    "Another process is preventing migration; only one migration tool can "
    "run at a time",
    "Failed to start main processing, look in log for system errors or "
    "check the installation",
    "Migration failed because of an XML error; look in the log for specific "
    "details",
    "Unable to automatically map the drive letters to match the online "
    "drive letter layout; Use /offline to provide a mapping table",
    NULL
};
static const char *const m31[] = {
    "An error occurred during the discover phase; the log should have more "
    "specific information",
    NULL
};
static const char *const m32[] = {
    "An error occurred processing the migration system", NULL
};
static const char *const m33[] = {
    "Error accessing the file specified by the /keyfile parameter",
    "The encryption key must have at least one character",
    NULL
};
static const char *const m34[] = {
    "Directory removal requires elevated privileges",
    "No rights to create user profiles; log in as Administrator; run with "
    "elevated privileges",
    "No rights to read or delete user profiles; log in as Administrator, "
    "run with elevated privileges",
    NULL
};
static const char *const m35[] = {
    "A reboot is required to remove the store",
    "A store path can't be used because it contains data that could not be "
    "overwritten",
    "There was an error removing the store",
    NULL
};
static const char *const m36[] = {
    "Compliance check failure; please check the logs for details",
    "Use of /offline is not supported during apply",
    "Use /offline to run gather on this platform",
    NULL
};
static const char *const m37[] = {
    "The store holds encrypted data but the correct encryption key was not "
    "provided",
    NULL
};
static const char *const m38[] = {
    "An error occurred during store access", NULL
};
static const char *const m39[] = {
    "Error reading Config.xml",
    "File argument is invalid for /config",
    NULL
};
static const char *const m40[] = {
    "Error writing to the progress log",
    "Progress log argument is invalid for /progress",
    NULL
};
static const char *const m41[] = {
    "Can't overwrite existing file",
    "Invalid space estimate path. Check the parameters and/or file system "
    "permissions",
    NULL
};
static const char *const m42[] = {
    "The store contains one or more corrupted files", NULL
};
static const char *const m61[] = {
    "Processing stopped due to an I/O error", NULL
};
static const char *const m71[] = {
    "A Windows Win32 API error occurred",
    "An error occurred when attempting to initialize the diagnostic "
    "mechanisms such as the log",
    "Failed to record diagnostic information",
    "Unable to start. Make sure you are running USMT with elevated "
    "privileges",
    NULL
};
static const char *const m72[] = {
    "An error occurred closing the store",
    "An error occurred in the apply process",
    "An error occurred in the gather process",
    "Out of disk space while writing the store",
    "Out of temporary disk space on the local system",
    NULL
};

static const char same_since_4[] =
    "USMT 4.0 and 5.0 use the same code for this.";

static const struct retcode table[] = {
    { 0, "USMT_SUCCESS", RETCODE_CAT_SUCCESS, false,
      "the capture finished",
      "ScanState finished and put everything that was selected into the "
      "store.",
      "Nothing to fix. Keep the log with the store and restore with "
      "LoadState from the same USMT build.",
      NULL, m0, none },
    { 1, "USMT_DISPLAY_HELP", RETCODE_CAT_SUCCESS, false,
      "help was shown; nothing was captured",
      "ScanState printed its help because /? or /help was on the command "
      "line, and did nothing else.",
      "Take /? off the command line to capture.",
      NULL, m1, none },
    { 2, "USMT_STATUS_CANCELED", RETCODE_CAT_SUCCESS, false,
      "cancelled: an EFS file was met, or Ctrl+C",
      "The capture stopped before the end, so the store is incomplete. "
      "Either ScanState met a file encrypted with EFS while /efs was left "
      "at its default (abort), or someone pressed Ctrl+C.",
      "For EFS files choose an /efs: option (copyraw keeps them encrypted "
      "in the store) and capture again. After Ctrl+C simply capture again, "
      "with /o to replace the partial store.",
      NULL, m2, none },
    { 3, "USMT_WOULD_HAVE_FAILED", RETCODE_CAT_SUCCESS, true,
      "done, but errors were skipped because of /c",
      "The capture finished, but because /c was given ScanState skipped at "
      "least one error (often a locked or unreadable file) that would "
      "otherwise have stopped it. What it skipped is not in the store.",
      "Read the error lines of the progress log and of the ScanState log "
      "to see what was skipped. If it matters, remove the cause (close the "
      "program holding the file, add an <ErrorControl> rule) and capture "
      "again. Deployment tools such as MDT count this code as success with "
      "a warning.",
      NULL, m3, none },
    { 11, "USMT_INVALID_PARAMETERS", RETCODE_CAT_COMMAND_LINE, false,
      "the command line is invalid",
      "ScanState refused the command line before doing anything: a switch "
      "is unknown or misspelt, given twice, missing its argument, or "
      "combined with a switch it conflicts with. The message says which.",
      "Correct the switches named in the message; in the log, the line "
      "after \"An error occurred processing the command line.\" names the "
      "token at fault. Check the line with 'usmtwiz lint'. Frequent cases: "
      "/hardlink without /nocompress, /encrypt without /key or /keyfile, "
      "/all together with /ui or /ue, a switch given twice. \"Settings "
      "store argument specified is invalid\" usually means the store path "
      "cannot be reached or written.",
      same_since_4, m11, x11 },
    { 12, "USMT_ERROR_OPTION_PARAM_TOO_LARGE", RETCODE_CAT_COMMAND_LINE,
      false,
      "an argument or the store path is over 256 characters",
      "An argument, or the store path, is longer than the 256 characters "
      "ScanState accepts. A relative store path counts together with the "
      "current folder in front of it.",
      "Use shorter paths: a store folder close to the root of the drive, "
      "given as a short absolute path.",
      same_since_4, m12, none },
    { 13, "USMT_INIT_LOGFILE_FAILED", RETCODE_CAT_COMMAND_LINE, false,
      "the /l log path is invalid",
      "ScanState could not create its log at the path given with /l: the "
      "drive or folder does not exist, is read-only, or the name has "
      "characters Windows does not allow.",
      "Give /l a path in an existing, writable folder. In Windows PE use a "
      "real disk rather than X:, which is lost at restart.",
      same_since_4, m13, none },
    { 14, "USMT_ERROR_USE_LAC", RETCODE_CAT_COMMAND_LINE, false,
      "a local account is missing and /lac was not given (LoadState)",
      "LoadState met a local account that does not exist on this computer "
      "and was not allowed to create it. This belongs to the restore side; "
      "ScanState itself does not return it.",
      "Run LoadState with /lac (add /lae to enable the new accounts), or "
      "leave out the local users you do not want restored.",
      same_since_4, m14, none },
    { 26, "USMT_INIT_ERROR", RETCODE_CAT_SETUP, false,
      "could not start: Windows folder, XML or temporary profile",
      "ScanState could not start. Offline, it found several Windows "
      "installations, or none at the place given with /offline, "
      "/offlineWinDir or /offlineWinOld. \"Software malfunction or unknown "
      "exception\" usually comes from a bad XML file, classically Config.xml "
      "passed with /i. An active temporary profile also gives this code "
      "(the log then shows \"User profile duplicate SID error\").",
      "Point ScanState at exactly one Windows folder: /offlineWinDir:"
      "D:\\Windows, or an offline.xml naming that <winDir>. Pass Config.xml "
      "with /config, never with /i, and check every /i file. For a "
      "temporary profile, start the original Windows once, or set "
      "MIG_FAIL_ON_PROFILE_ERROR=0.",
      same_since_4, m26, none },
    { 27, "USMT_INVALID_STORE_LOCATION", RETCODE_CAT_SETUP, false,
      "the store path cannot be used",
      "The store location is unusable: a store is already there and /o was "
      "not given, the path is wrong or not writable, the medium is "
      "unsuitable or read-only, or what is there is not a store this USMT "
      "version can read.",
      "Check that the store folder is on a writable disk you have rights "
      "to. To replace an existing store add /o (its contents are lost); to "
      "keep it, choose another folder. Use the same USMT build for ScanState "
      "and LoadState.",
      same_since_4, m27, none },
    { 28, "USMT_UNABLE_GET_SCRIPTFILES", RETCODE_CAT_SETUP, false,
      "an /i XML file is missing or invalid",
      "A migration XML file given with /i could not be found or is not a "
      "valid file.",
      "Check each /i path (a relative name is looked for in the current "
      "folder scanstate was started from, which need not be the USMT "
      "folder; give the full path) and that each file is well-formed migration XML. "
      "Config.xml goes with /config, never with /i.",
      same_since_4, m28, none },
    { 29, "USMT_FAILED_MIGSTARTUP", RETCODE_CAT_SETUP, false,
      "could not start: temporary space, another migration, XML, drive "
      "letters",
      "The migration engine could not start. In Windows PE the usual cause "
      "is temporary space: ScanState needs at least 250 MB for temporary "
      "files and, unless told otherwise, uses the small X: RAM disk, so it "
      "fails even when the real disks have plenty of room. Other causes: "
      "another USMT tool is running, a migration XML has an error, the USMT "
      "folder is incomplete, or the offline drive letters could not be "
      "mapped.",
      "Set USMT_WORKING_DIR (and TEMP) to a folder on a real disk with at "
      "least 250 MB free, on the store disk or another disk rather than the "
      "offline Windows volume being rescued. For "
      "drive letters, pass /offline with an offline.xml that has a "
      "<mappings> section. Otherwise read the log for the XML error, make "
      "sure no other ScanState or LoadState runs, and check that the USMT "
      "folder is complete.",
      "Same meaning since USMT 4.0, which already printed the 250 MB "
      "message.",
      m29, none },
    { 31, "USMT_UNABLE_FINDMIGUNITS", RETCODE_CAT_SETUP, false,
      "the discover phase failed",
      "ScanState failed while working out, from the XML rules, what to "
      "migrate.",
      "Look in the log for the rule or component named just before the "
      "failure; check custom XML files first.",
      same_since_4, m31, none },
    { 32, "USMT_FAILED_SETMIGRATIONTYPE", RETCODE_CAT_SETUP, false,
      "the migration rules could not be processed",
      "The engine failed while processing the migration system defined by "
      "the XML files.",
      "Check the XML files and their syntax (custom files against "
      "MigXML.xsd); the log names the step that failed.",
      same_since_4, m32, none },
    { 33, "USMT_UNABLE_READKEY", RETCODE_CAT_SETUP, false,
      "the encryption key or key file cannot be used",
      "Encryption was asked for, but the key is empty or the file given "
      "with /keyfile cannot be read.",
      "Give a key of at least one character, or a /keyfile that exists and "
      "can be read; keep the same key for LoadState.",
      same_since_4, m33, none },
    { 34, "USMT_ERROR_INSUFFICIENT_RIGHTS", RETCODE_CAT_SETUP, false,
      "not enough rights",
      "ScanState lacks the rights to read, create or remove user profiles "
      "or folders.",
      "Run from an elevated command prompt as an administrator. In Windows "
      "PE you already have full rights, so look at the permissions of the "
      "store and working folders.",
      same_since_4, m34, none },
    { 35, "USMT_UNABLE_DELETE_STORE", RETCODE_CAT_SETUP, false,
      "the old store could not be removed",
      "ScanState had to remove an existing store (for /o) and could not, "
      "typically a hard-link store with a file still locked.",
      "Remove the old store yourself (a hard-link store with 'usmtutils /rd "
      "<store>'), restart if a file stays locked, or choose another folder.",
      same_since_4, m35, none },
    { 36, "USMT_ERROR_UNSUPPORTED_PLATFORM", RETCODE_CAT_SETUP, false,
      "not supported here: offline switch missing, or compliance check",
      "ScanState refused to run on this platform. In Windows PE it only "
      "works offline, so a command line without /offline, /offlineWinDir "
      "or /offlineWinOld stops here, and the restore side (LoadState) "
      "cannot run offline at all. \"Compliance check failure\" covers an "
      "operating system, edition or architecture USMT does not support, "
      "and an active temporary profile.",
      "In Windows PE add /offlineWinDir:<drive>:\\Windows (or /offline with "
      "an offline.xml). Run LoadState in the new, running Windows. For a "
      "compliance failure read the log and compare the offline Windows "
      "version and architecture with what this USMT supports.",
      "The USMT 4.0 wording of this code is not confirmed.",
      m36, none },
    { 37, "USMT_ERROR_NO_INVALID_KEY", RETCODE_CAT_SETUP, false,
      "the store is encrypted and the key is wrong or missing",
      "The store holds encrypted data and the key given does not open it, "
      "or no key was given. This comes from the restore side.",
      "Give LoadState (or usmtutils) the same /key or /keyfile that "
      "ScanState used.",
      same_since_4, m37, none },
    { 38, "USMT_ERROR_CORRUPTED_NOTENCRYPTED_STORE", RETCODE_CAT_SETUP,
      false,
      "the store could not be accessed",
      "The store could not be read. A known case (Microsoft KB 2269650) is "
      "a hard-link store made on another volume than the profiles: the "
      "capture succeeds and the restore fails with this code.",
      "Check the store path and its permissions. Keep a hard-link store on "
      "the same volume as the data it links to.",
      same_since_4, m38, none },
    { 39, "USMT_UNABLE_TO_READ_CONFIG_FILE", RETCODE_CAT_SETUP, false,
      "Config.xml cannot be read",
      "The file given with /config is missing or not valid.",
      "Check the /config path; if Config.xml was edited by hand, compare it "
      "with a fresh one made by /genconfig.",
      same_since_4, m39, none },
    { 40, "USMT_ERROR_UNABLE_CREATE_PROGRESS_LOG", RETCODE_CAT_SETUP, false,
      "the /progress log cannot be written",
      "The path given with /progress is invalid or cannot be written.",
      "Give /progress a writable path on an existing drive, outside the "
      "store.",
      same_since_4, m40, none },
    { 41, "USMT_PREFLIGHT_FILE_CREATION_FAILED", RETCODE_CAT_SETUP, false,
      "the /p estimate file cannot be written",
      "ScanState could not write the size estimate asked for with /p: the "
      "file exists and cannot be replaced, or the path is invalid.",
      "Give /p a new file name in a writable folder, or remove the old "
      "file.",
      "Not confirmed for USMT 4.0.", m41, none },
    { 42, "USMT_ERROR_CORRUPTED_STORE", RETCODE_CAT_SETUP, true,
      "the store has corrupted files",
      "One or more files in the store are damaged.",
      "Run 'usmtutils /verify' on the store to list the damaged files, then "
      "'usmtutils /extract' to recover the intact ones, or capture again.",
      "Belongs to store verification (usmtutils /verify and /extract), "
      "which came with USMT 5.0; most likely absent from USMT 4.0.",
      m42, none },
    { 61, "USMT_MIGRATION_STOPPED_NONFATAL", RETCODE_CAT_NONFATAL, false,
      "stopped by an I/O error (a file could not be read)",
      "Processing stopped at an input/output error, typically a locked or "
      "unreadable file: without /c a single such file ends the capture.",
      "Capture again with /c to skip such errors (the run then ends with "
      "3 and the log lists what was skipped), or add <ErrorControl> rules "
      "for the files at fault. Online captures can also use /vsc.",
      same_since_4, m61, none },
    { 71, "USMT_INIT_OPERATING_ENVIRONMENT_FAILED", RETCODE_CAT_FATAL, false,
      "could not start: Windows API error, log, or rights",
      "ScanState could not set up its working environment: a Windows API "
      "call failed, the log or diagnostics could not be started, or it "
      "lacks elevated rights. Starting it from a non-elevated prompt gives "
      "this code too.",
      "Run elevated, make sure the log folder can be written, and read the "
      "log for the Windows error it names.",
      same_since_4, m71, none },
    { 72, "USMT_UNABLE_DOMIGRATION", RETCODE_CAT_FATAL, false,
      "failed during the capture: store, disk space or gather error",
      "The migration failed after data had started to move: writing or "
      "closing the store failed, the store disk or the temporary area ran "
      "out of space, or the gather itself hit an error.",
      "Read the log for the first error. Free space on the store disk and "
      "in the temporary folder (USMT_WORKING_DIR), or store elsewhere, then "
      "capture again with /o.",
      same_since_4, m72, none },
};

static const char bin_table[] = "scanstate's message table";
static const char docs_issues[] = "the USMT docs (common issues)";
static const char real_log[] = "a real scanstate.log (reference: FACTS §8)";
static const char win32[] = "a Windows error code (net helpmsg)";

static const struct retcode_orphan orphans[] = {
    { "An error occurred during the app extraction process", 0, bin_table,
      "Belongs to /apps (provisioning packages), which an offline capture "
      "does not use; no return code is documented for it." },
    { "Failed to cleanly stop the main processing, look in log for system "
      "errors or check the installation", 0, bin_table,
      "The shutdown counterpart of a 29 startup message: the engine did not "
      "stop cleanly. Read the log for the system error before it and check "
      "that the USMT folder is complete." },
    { "A store path was specified but store data is targeted only to "
      "Windows XP", 27, bin_table,
      "A store-path problem like those of 27: the store was made for an "
      "old target. Capture into a new store." },
    { "The store could not be decrypted", 37, bin_table,
      "Like 37: the key or key file does not open the store. Give the same "
      "key ScanState used." },
    { "Invalid path; check the path and/or file system permissions.", 0,
      bin_table,
      "A path on the command line cannot be used; the log names it. Check "
      "that it exists and can be written." },
    { "Administrator privileges are required to run this tool.", 71,
      bin_table,
      "ScanState was started without elevation; such runs have been seen "
      "to end with 71. Start it from an elevated prompt." },
    { "A temporary profile is currently active on the system. Restart the "
      "computer to continue the migration.", 26, bin_table,
      "A temporary profile (such as C:\\Users\\TEMP) is active; offline "
      "this ends with 26. Start the original Windows once so the profile "
      "is cleaned up, or set MIG_FAIL_ON_PROFILE_ERROR=0 to skip it." },
    { "User profile duplicate SID error", 26, docs_issues,
      "Logged (after MigStartupOfflineCaught) when a temporary profile is "
      "active; the run ends with 26. Start the original Windows once, or "
      "set MIG_FAIL_ON_PROFILE_ERROR=0 to leave that profile out." },
    { "The subsystem needed to support the image type is not present", 0,
      "Windows (error 308)",
      "Windows could not start scanstate.exe at all: the USMT folder is "
      "built for another architecture than Windows PE, typically 32-bit "
      "USMT in 64-bit Windows PE, which cannot run 32-bit programs. Use the "
      "USMT folder that matches Windows PE (amd64 for x64 Windows PE)." },
    { "Usage Error: You cannot specify a file path with any of the "
      "command-line options that exceeds 256 characters.", 12, docs_issues,
      "A path is over 256 characters once made absolute (the current "
      "folder counts for a relative path). Use shorter paths." },
    { "USMT was unable to create the log file(s). Ensure that you have "
      "write access to the log directory.", 13, docs_issues,
      "The log could not be created, typically when USMT runs from a "
      "network share or read-only medium without /l. Give /l a writable "
      "path." },
    { "Found valid profile but can't get user credentials", 0, real_log,
      "A warning, not a failure: a ProfileList entry whose account cannot "
      "be resolved (error 0x00000534, \"No mapping between account names "
      "and security IDs was done\"), typically a deleted or domain account "
      "offline. That profile is skipped; select users by SID "
      "(/ue:*\\* /ui:<SID>*) and check the profile if it should have been "
      "captured." },
    { "0x00000534", 0, win32,
      "Windows error 1332: no mapping between account names and security "
      "IDs. scanstate could not resolve the account of a profile and skips "
      "it; offline, select users by SID (/ui:<SID>*)." },
    { "MigStartupOfflineCaught", 26, docs_issues,
      "The offline engine failed to start; the common-issues page shows it "
      "with \"User profile duplicate SID error\" when a temporary profile "
      "is active, and the run ends with 26. Set MIG_FAIL_ON_PROFILE_ERROR=0 "
      "(the temporary profile is then skipped) or start the original "
      "Windows once." },
    { "Unable to find XML Parser (MSXML)", 0, bin_table,
      "Windows PE has no MSXML: scanstate probes "
      "X:\\Windows\\System32\\msxml*.dll. Rebuild Windows PE with the "
      "MSXML optional component; nothing on the command line helps. The "
      "return code is not documented." },
    { "Hardlink main store can be created only on a fixed drive", 0,
      bin_table,
      "A hard-link store must be on a fixed, local NTFS volume, the offline "
      "Windows volume itself. Put the store there, or drop /hardlink "
      "/nocompress for a compressed store on the USB disk. The return code "
      "is not documented (27 \"inappropriate device\" is our guess)." },
    { "0x80070005", 0, win32,
      "Access denied (Windows error 5). A file or folder could not be read "
      "or the store or log could not be written. In Windows PE you run as "
      "SYSTEM, so suspect EFS-encrypted files (choose /efs:), a BitLocker "
      "volume that is not unlocked, or a read-only store disk; /c skips "
      "unreadable files (rc 3)." },
    { "0x80070070", 72, win32,
      "Disk full (Windows error 112): the store disk or the working folder "
      "(USMT_WORKING_DIR) ran out of space; the run ends with 72 \"Out of "
      "disk space while writing the store\". Free space, choose a bigger "
      "store disk, or capture fewer users." },
    { "sharing violation", 61, win32,
      "Windows error 32: another program holds the file open. Offline "
      "nothing should, so suspect an antivirus scan or a store or log "
      "written on the disk being read. Without /c the run stops (61 "
      "\"Processing stopped due to an I/O error\"); add /c to skip such "
      "files." },
    { "Read error 395", 3, "a real scanstate.log (SuperGrate issue 106: "
      "\"Read error 395 for C:\\Users\\...\\OneDrive - ...\")",
      "Windows error 395, ERROR_CLOUD_FILE_ACCESS_DENIED: a OneDrive file "
      "whose data is only in the cloud (Files On-Demand). Offline the cloud "
      "filter that would download it is not running, so scanstate cannot "
      "read it. The file is not lost: it is in the user's OneDrive and "
      "comes back when the user signs in to OneDrive on the new PC and lets "
      "it sync. With /c each such file is skipped and the run ends with 3; "
      "without /c the first one stops it with 61. To carry the files in "
      "the store, start that Windows, make them \"Always keep on this "
      "device\" and capture again. The USMT reference says nothing about "
      "cloud files; usmtwiz names them before the capture (rule "
      "users-cloud-only-files)." },
    { "Unsupported Platform Architecture: Applying a store from %s system "
      "on a %s system is not supported", 0, bin_table,
      "A store captured on 64-bit Windows cannot be restored to 32-bit "
      "Windows (the other way round works). Restore to a 64-bit Windows." },
};

#define TABLE_N (sizeof(table) / sizeof(table[0]))
#define ORPHANS_N (sizeof(orphans) / sizeof(orphans[0]))

const struct retcode *retcode_table(size_t *n)
{
    *n = TABLE_N;
    return table;
}

const struct retcode *retcode_by_code(int code)
{
    for (size_t i = 0; i < TABLE_N; i++) {
        if (table[i].code == code)
            return &table[i];
    }
    return NULL;
}

const struct retcode *retcode_by_symbol(const char *symbol)
{
    if (!symbol)
        return NULL;
    for (size_t i = 0; i < TABLE_N; i++) {
        const char *s = table[i].symbol;

        if (str_ieq(s, symbol) || str_ieq(s + strlen("USMT_"), symbol))
            return &table[i];
    }
    return NULL;
}

/*
 * Does text name this message: one contains the other, or, for a message
 * with %s placeholders, text matches it with anything in their place.
 */
static bool message_matches(const char *message, const char *text)
{
    if (str_icasestr(message, text) || str_icasestr(text, message))
        return true;
    if (!strstr(message, "%s"))
        return false;
    struct strbuf pat = STRBUF_INIT;

    strbuf_addch(&pat, '*');
    for (const char *p = message; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            strbuf_addch(&pat, '*');
            p++;
        } else {
            strbuf_addch(&pat, *p);
        }
    }
    strbuf_addch(&pat, '*');
    bool ok = str_wildmatch(pat.buf, text);

    strbuf_release(&pat);
    return ok;
}

static void add_match(struct retcode_match *out, size_t max, size_t *n,
                      const struct retcode_match *m)
{
    if (*n < max)
        out[*n] = *m;
    (*n)++;
}

size_t retcode_find_message(const char *text, struct retcode_match *out,
                            size_t max)
{
    size_t n = 0;
    size_t len;

    if (!text)
        return 0;
    while (*text == ' ' || *text == '\t' || *text == '"')
        text++;
    len = strlen(text);
    for (;;) {
        /* quotes, white space and an ellipsis ("...", U+2026) at the end */
        if (len && strchr(" \t\r\n\"", text[len - 1])) {
            len--;
        } else if (len >= 3 && (!memcmp(text + len - 3, "...", 3) ||
                                !memcmp(text + len - 3, "\xe2\x80\xa6", 3))) {
            len -= 3;
        } else {
            break;
        }
    }
    if (len < MIN_QUERY)
        return 0;
    struct strbuf q = STRBUF_INIT;

    strbuf_add(&q, text, len);
    for (size_t i = 0; i < TABLE_N; i++) {
        for (int pass = 0; pass < 2; pass++) {
            const char *const *list = pass ? table[i].extra_messages :
                                      table[i].messages;

            for (size_t j = 0; list[j]; j++) {
                if (!message_matches(list[j], q.buf))
                    continue;
                struct retcode_match m = { &table[i], NULL, list[j],
                                           pass == 1 };

                add_match(out, max, &n, &m);
            }
        }
    }
    for (size_t i = 0; i < ORPHANS_N; i++) {
        if (!message_matches(orphans[i].message, q.buf))
            continue;
        struct retcode_match m = { NULL, &orphans[i], orphans[i].message,
                                   false };

        add_match(out, max, &n, &m);
    }
    strbuf_release(&q);
    return n;
}

const char *retcode_category_name(enum retcode_category cat)
{
    switch (cat) {
    case RETCODE_CAT_SUCCESS:
        return "Success or Cancel";
    case RETCODE_CAT_COMMAND_LINE:
        return "Invalid Command Lines";
    case RETCODE_CAT_SETUP:
        return "Setup and Initialization";
    case RETCODE_CAT_NONFATAL:
        return "Non-fatal Errors";
    case RETCODE_CAT_FATAL:
        return "Fatal Errors";
    }
    return "unknown";
}

enum retcode_class retcode_classify(int code)
{
    if (code == 0)
        return RETCODE_OK;
    if (code == 3)
        return RETCODE_OK_SKIPPED;
    return RETCODE_FAILED;
}

const char *retcode_class_name(enum retcode_class cls)
{
    switch (cls) {
    case RETCODE_OK:
        return "succeeded";
    case RETCODE_OK_SKIPPED:
        return "succeeded with skipped errors";
    case RETCODE_FAILED:
        return "failed";
    }
    return "failed";
}


static void describe_messages(struct strbuf *out, const char *title,
                              const char *const *list)
{
    if (!list[0])
        return;
    strbuf_adds(out, title);
    /* verbatim on one line each, so they can be searched for */
    for (size_t i = 0; list[i]; i++)
        strbuf_addf(out, "  - %s\n", list[i]);
}

void retcode_describe(const struct retcode *rc, struct strbuf *out)
{
    strbuf_addf(out, "%d %s (%s)\n", rc->code, rc->symbol,
                retcode_class_name(retcode_classify(rc->code)));
    strbuf_addf(out, "Category: %s%s\n", retcode_category_name(rc->category),
                rc->category_inferred ?
                " (blank in the docs; inferred)" : "");
    strbuf_adds(out, "Meaning:\n");
    strbuf_add_wrapped(out, "  ", rc->meaning, 76);
    describe_messages(out, "Messages (as scanstate prints them):\n",
                      rc->messages);
    describe_messages(out, "Also in scanstate's message table (not in the "
                      "docs):\n", rc->extra_messages);
    strbuf_adds(out, "Fix:\n");
    strbuf_add_wrapped(out, "  ", rc->fix, 76);
    if (rc->versions) {
        strbuf_adds(out, "Versions:\n");
        strbuf_add_wrapped(out, "  ", rc->versions, 76);
    }
}

void retcode_describe_orphan(const struct retcode_orphan *o,
                             struct strbuf *out)
{
    strbuf_adds(out, "No documented return code goes with this message.\n");
    strbuf_addf(out, "Comes from: %s\n", o->origin);
    strbuf_adds(out, "Meaning and fix:\n");
    strbuf_add_wrapped(out, "  ", o->note, 76);
    if (o->likely_code) {
        strbuf_addf(out, "Seen with: return code %d ('usmtwiz explain %d')\n",
                    o->likely_code, o->likely_code);
    }
}

void retcode_one_line(int code, struct strbuf *out)
{
    const struct retcode *rc = retcode_by_code(code);

    if (!rc) {
        strbuf_addf(out, "%d is not a documented scanstate return code",
                    code);
        return;
    }
    strbuf_addf(out, "%d %s: %s", rc->code, rc->symbol, rc->summary);
}
