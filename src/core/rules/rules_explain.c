/*
 * The long explanation of every rule ("usmtwiz lint --explain ID"): what
 * the rule looks at and why it matters, in a technician's words.  The
 * one-line summary, the fix, the severity and the source live in the rule
 * tables; this file adds the story behind them.  A unit test makes sure
 * every rule has an explanation and every explanation a rule.
 */
#include "core/rules/rules.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "rules_impl.h"

struct explanation {
    const char *id;
    const char *text;
};

static const struct explanation explanations[] = {
    /* ---- where scanstate runs ---------------------------------------- */
    { "usmt-missing",
      "Looks for scanstate.exe in the USMT folder (--usmt). Without it "
      "nothing can be captured: the folder is usually the ADK's User "
      "State Migration Tool folder itself instead of one of its "
      "architecture sub-folders (amd64, x86, arm64), "
      "or a copy that lost its files on the way to the stick." },
    { "usmt-dlls-missing",
      "Checks that the engine files scanstate loads at start-up "
      "(migcore.dll, migstore.dll, migsys.dll, unbcl.dll, wdscore.dll and "
      "the others of the ADK folder) sit next to scanstate.exe. USMT is "
      "copied by hand onto Windows PE media, and copying scanstate.exe alone, "
      "or through a tool that skips DLLs, leaves a folder that fails before "
      "writing its first log line." },
    { "usmt-x86-on-x64",
      "Compares the architecture of scanstate.exe (read from its PE header) "
      "with the running Windows PE. A 64-bit Windows PE has no 32-bit "
      "subsystem (no WOW64), so a 32-bit scanstate does not even start: "
      "Windows answers \"The subsystem needed to support the image type is "
      "not present\". It is the most common mistake when the x86 folder is "
      "the one that was copied because it 'works everywhere' on full "
      "Windows." },
    { "usmt-arch-mismatch",
      "Compares the architecture of scanstate.exe with the running Windows "
      "PE when they differ in another way than 32-bit on 64-bit (an amd64 "
      "scanstate on an x86 or arm64 Windows PE, for example). Windows PE "
      "runs only programs of its own architecture, so scanstate would not "
      "start at all." },
    { "winpe-no-msxml",
      "In Windows PE, looks for an msxml*.dll in X:\\Windows\\System32. "
      "scanstate reads every migration XML through MSXML and stops with "
      "\"Unable to find XML Parser (MSXML)\" when Windows PE was built "
      "without it. The image has to be rebuilt with the MSXML optional "
      "component; nothing on the command line can work around it." },
    { "usmt-version-offline-os",
      "Compares the USMT generation (read from scanstate.exe's version "
      "resource) with the Windows version of the offline installation. "
      "Each USMT generation reads only some Windows versions offline: USMT 4 "
      "knows Windows XP to 7, USMT 5 Vista to 8, USMT 10 Windows 7 to 11. "
      "An old USMT on a new Windows fails or captures settings it does not "
      "understand." },
    { "offline-arch-unset",
      "Compares the bitness of the offline Windows (from its folders and "
      "registry) with scanstate's. When they differ, scanstate may fail to "
      "work out the offline system's architecture by itself; "
      "MIG_OFFLINE_PLATFORM_ARCH tells it (32 or 64). The documentation "
      "names this very case (a 64-bit scanstate reading a 32-bit offline "
      "Windows) and the run stops with rc 36 when the variable is missing, "
      "which is why this is an error with an automatic fix. Microsoft's "
      "own deployment scripts always set it in Windows PE, so setting it "
      "costs nothing." },
    { "offline-arch-wrong",
      "Checks an explicit MIG_OFFLINE_PLATFORM_ARCH against the offline "
      "Windows' real bitness. A wrong value makes scanstate read the offline "
      "registry and Program Files folders as the other architecture: "
      "application settings are missed or the capture fails. A value left "
      "over from a script written for another fleet is the usual cause." },
    { "workdir-unset",
      "In Windows PE, checks that USMT_WORKING_DIR is set. Without it "
      "scanstate puts its temporary files (at least 250 MB) on X:, the "
      "Windows PE RAM disk, which is usually far smaller, and the capture "
      "ends with return code 29 \"A minimum of 250 MB of free space is "
      "required for temporary files\" although the real disks have plenty "
      "of room." },
    { "workdir-on-x",
      "Checks whether USMT_WORKING_DIR points to X:, the Windows PE RAM "
      "disk. Its size is the scratch space set when the image was built "
      "(often 32 to 512 MB) and it shrinks as files are written there, so "
      "scanstate fails with return code 29, sometimes only in the middle "
      "of a large capture." },
    { "workdir-on-source-volume",
      "Checks whether USMT_WORKING_DIR is on the volume of the offline "
      "Windows being captured. It works (Microsoft's deployment scripts use "
      "the offline Windows\\temp folder), but it writes to the disk you are "
      "trying to rescue: on a failing or nearly full disk that can make "
      "things worse, so another disk is preferred when one is there." },
    { "temp-on-x",
      "Checks whether TEMP points to X:, the Windows PE RAM disk, while "
      "USMT_WORKING_DIR is elsewhere. Parts of the engine and its plug-ins "
      "still write to TEMP, and a full RAM disk makes them fail in ways that "
      "are hard to read in the log; pointing TEMP at the working directory "
      "is what Microsoft's deployment scripts do." },
    { "workdir-missing",
      "Checks that the folder named by USMT_WORKING_DIR exists. scanstate "
      "does not create it and fails at start-up when it is missing. The "
      "wizard's own working folder is created just before the run and is "
      "not judged; a folder typed on purpose (on the Store screen, in a "
      "preset or on a command line checked with lint) is, and the "
      "automatic fix lets the wizard create it on a real disk." },
    { "workdir-readonly",
      "Checks that USMT_WORKING_DIR can be written. A folder on the Windows "
      "PE CD or ISO, on a write-protected stick or on a volume mounted "
      "read-only cannot hold scanstate's temporary files, and the capture "
      "fails at start-up." },
    { "workdir-low-space",
      "Checks the free space of the volume holding USMT_WORKING_DIR "
      "against the 250 MB scanstate requires for temporary files. Below "
      "that it refuses to start with return code 29 \"A minimum of 250 MB "
      "of free space is required for temporary files\"." },
    { "env-undocumented",
      "Looks for variables that scanstate.exe reads but Microsoft does not "
      "document (MIG_USMT_BYPASS_OS_VERSION, MIG_QUICK_TEST_MODE, "
      "MIG_EFS_MODE, USMT_IGNORE_DCLOOKUP, ...). They switch off safety "
      "checks or change what is captured, and they are usually left over "
      "in a Windows PE image from someone's experiment; a capture made "
      "with them may not restore." },

    /* ---- the offline Windows ----------------------------------------- */
    { "winpe-no-offline",
      "In Windows PE, checks that the command line has /offlineWinDir, "
      "/offline or /offlineWinOld. Without one scanstate tries to capture "
      "the running system, which is Windows PE itself, and refuses with "
      "return code 36 \"Use /offline to run gather on this platform\"." },
    { "offline-several-switches",
      "Counts the offline switches on the command line. /offline, "
      "/offlineWinDir and /offlineWinOld are three ways to name the same "
      "thing and scanstate accepts exactly one of them; two together are "
      "refused." },
    { "offline-running-os",
      "Checks that the offline Windows folder is not the running system's "
      "own (X:\\Windows in Windows PE). scanstate refuses it (\"Offline "
      "gather cannot start using the hosted windows directory\"); it "
      "happens when %WINDIR% or a copied example is used instead of the "
      "offline drive's letter as Windows PE sees it." },
    { "offline-winold-in-winpe",
      "Checks for /offlineWinOld in Windows PE. That switch is for a new "
      "Windows reading its own Windows.old folder after an upgrade; from "
      "Windows PE the old installation is captured with /offlineWinDir "
      "(or an offline.xml)." },
    { "loadstate-command",
      "Recognises a loadstate command line. loadstate restores a store into "
      "a running Windows and cannot work offline (\"Use of /offline is not "
      "supported during apply\", return code 36), so it has no place in "
      "Windows PE; only its syntax is checked." },
    { "volume-bitlocker",
      "Checks whether the volume of the offline Windows is locked by "
      "BitLocker. A locked volume cannot be read at all, so neither "
      "usmtwiz nor scanstate sees the users. Suspending BitLocker in "
      "Windows before booting Windows PE, or unlocking with the recovery "
      "key, makes it readable; the data stays encrypted on disk. The "
      "wizard's Volume screen shows the key protector IDs (to find the "
      "recovery key, e.g. in the Microsoft account or Entra ID) and "
      "unlocks the volume with the 48-digit recovery password (checked "
      "block by block before it is tried) or a .BEK key file, through the "
      "BitLocker WMI provider; the password is never logged." },
    { "offline-not-windows",
      "Checks that the offline folder holds a Windows installation that can "
      "be read: System32\\config\\SOFTWARE and SYSTEM must be there and "
      "open. scanstate reads the same hives to find the Windows version and "
      "the drive letters, and stops with return code 26 when they are "
      "missing or damaged." },
    { "volume-hibernated-hardlink",
      "Checks for a hibernated or Fast Startup Windows when the store is a "
      "hard-link store. Such a volume was not shut down cleanly: Windows "
      "will resume from a memory image that does not know about the new "
      "links and files, and the file system can be repaired under the store "
      "at the next start. Hard links on that volume put the only copy of "
      "the data at risk." },
    { "volume-hibernated",
      "Checks whether the offline Windows was hibernated or shut down with "
      "Fast Startup (hiberfil.sys in use, the volume not cleanly "
      "unmounted). Files changed just before the shutdown may not be on "
      "disk yet and Windows will not notice a capture made meanwhile; a "
      "full shutdown (shutdown /s /t 0) avoids both." },
    { "hives-dirty",
      "Checks the offline registry hives for the 'not cleanly closed' mark. "
      "Their newest changes then live only in the .LOG files next to them, "
      "which scanstate does not replay: recently changed settings (a new "
      "Outlook profile, a mapped drive) may be captured in an older state." },
    { "hive-damaged",
      "Opens SOFTWARE, SYSTEM and SAM of the offline Windows before the run "
      "and checks what opening alone lets pass: a file shorter than its "
      "header says (truncated), a file of zeros, a structure hivex refuses, "
      "a file that cannot be read (permission denied). scanstate opens "
      "SOFTWARE (offline Windows version) and SYSTEM (drive letters) to "
      "start the offline capture, so a damaged one stops it. A damaged SAM "
      "hides which accounts are local: usmtwiz then marks those users as "
      "of unknown kind instead of guessing domain accounts. What scanstate "
      "itself does with a damaged SAM is not documented." },
    { "offline-os-server",
      "Checks whether the offline Windows is a server edition. USMT "
      "migrates client Windows only and scanstate refuses a server "
      "(\"Server Operating systems are not supported.\")." },
    { "several-windows",
      "Counts the Windows installations on the machine's disks. With more "
      "than one (a Windows.old, a second disk, a recovery copy), scanstate "
      "may pick another one than you meant, or stop with return code 26 "
      "\"Multiple Windows installations found\". An offline.xml naming the "
      "chosen Windows folder and failing on ambiguity makes the choice "
      "explicit." },

    /* ---- who is migrated --------------------------------------------- */
    { "offline-ui-by-name",
      "Looks for /ui with an account name (DOMAIN\\user, user) in an "
      "offline capture. Offline, scanstate cannot ask a domain controller "
      "or the running system to turn names into SIDs, so the name matches "
      "nobody and the user is silently left out: the capture succeeds and "
      "the profile is missing at restore time. SIDs always match; the "
      "trailing * also takes the user's <SID>_Classes hive." },
    { "offline-ue-by-name",
      "Looks for /ue with an account name in an offline capture. As with "
      "/ui, names cannot be resolved offline, so the exclusion matches "
      "nobody and the user you meant to leave out is captured anyway." },
    { "offline-computername",
      "Looks for %computername% in /ui or /ue offline. In Windows PE the "
      "variable expands to Windows PE's own random name (MININT-...), not "
      "the offline PC's, so a rule meant for 'the local accounts of this "
      "PC' matches nobody." },
    { "offline-uel",
      "Looks for /uel in an offline capture. /uel picks users by the date "
      "of their NTUSER.DAT on the running system and is documented as not "
      "valid offline. The Users screen offers the same filter (used in the "
      "last N days) and passes the result as SIDs." },
    { "all-with-user-rules",
      "Looks for /all together with /ui, /ue or /uel. /all means every "
      "user, which is already the default, and scanstate refuses it next to "
      "any user rule with return code 11 \"/all conflicts with /ui, /ue or "
      "/uel\"." },
    { "users-none-selected",
      "Counts the users the plan would migrate on the offline Windows. With "
      "none, scanstate still runs and writes a store with machine settings "
      "only, and the missing documents are found on the new PC." },
    { "users-all-excluded",
      "Looks for /ue:*\\* (exclude everyone) without any /ui. The pattern "
      "is only useful together with /ui rules that bring the wanted users "
      "back; alone, it leaves nobody to migrate." },
    { "ui-sid-without-star",
      "Looks for /ui:<SID> without a trailing *. Each user has two hives, "
      "<SID> (NTUSER.DAT) and <SID>_Classes (file associations, COM "
      "settings); without the * only the first is matched and part of the "
      "user's settings is lost." },
    { "users-sid-unknown",
      "Checks that every SID the plan selects has a profile on the offline "
      "Windows. A SID copied from another PC or mistyped matches nobody and "
      "the user is silently missing from the store." },
    { "temp-profile-present",
      "Looks for a temporary profile (Windows logged someone on with a "
      "TEMP profile because theirs could not be loaded) on the offline "
      "Windows. scanstate stops at start-up with return code 26 and "
      "\"User profile duplicate SID error\" in the log. "
      "MIG_FAIL_ON_PROFILE_ERROR=0 makes it skip that profile and go on." },
    { "users-bak-selected",
      "Checks whether a selected user also has a ProfileList key ending in "
      ".bak. The duplicate is left behind when Windows could not load a "
      "profile; scanstate may then capture the wrong folder or stop with "
      "the duplicate SID error (return code 26)." },
    { "users-orphan-selected",
      "Checks whether a selected user's profile folder is missing (the "
      "ProfileList key points to a folder that is gone). There is nothing "
      "to capture for that user, and scanstate may report errors for the "
      "missing hive." },
    { "users-cloud-only-files",
      "Counts, while each selected profile is sized, the OneDrive files "
      "whose data is only in the cloud (Files On-Demand, Known Folder Move "
      "of Desktop, Documents and Pictures): placeholders that carry the "
      "NTFS attribute RECALL_ON_DATA_ACCESS, RECALL_ON_OPEN or OFFLINE. "
      "Offline, the cloud filter that would download them is not running, "
      "so scanstate cannot read them; real logs show a \"Read error 395\" "
      "row for each (395 is the Win32 error ERROR_CLOUD_FILE_ACCESS_DENIED) "
      "and the capture ends with errors ignored. The files are not lost: "
      "they are in the user's OneDrive, and the new PC gets them back when "
      "the user signs in to OneDrive and lets it sync. To carry them in "
      "the store instead, start that Windows, mark the folders \"Always "
      "keep on this device\" so OneDrive downloads them, and capture "
      "again. Its fix writes a migration XML (usmtwiz-cloud-exclude.xml, "
      "in the working folder, passed with /i) whose unconditionalExclude "
      "names each such file (\"<folder> [<file>]\", reference §6.2), so "
      "scanstate leaves them alone and the capture ends without their "
      "errors; a name holding '[' or ']' cannot be written in a pattern "
      "and keeps its error. The report says whether they were excluded. "
      "The USMT reference says nothing about cloud files; the error "
      "row comes from a real scanstate log (SuperGrate issue 106)." },
    { "users-entra",
      "Checks whether a selected user is a Microsoft Entra ID (Azure AD) "
      "account (a S-1-12-1 SID). Microsoft lists Entra-joined devices as "
      "not supported by USMT (USMT requirements; hybrid-joined untested); "
      "the capture itself works. Microsoft documents no account form for "
      "the restore. The one published recipe (a user report, "
      "Migrate-WindowsUserProfile issue #56) maps the user with "
      "/mu:<old>:AzureAD\\<user@domain> and runs loadstate before the "
      "user's first sign-in on the new PC; another domain than AzureAD\\ "
      "failed there with Windows error 1332. The loadstate line usmtwiz "
      "writes after the capture carries that /mu, and the restore rule "
      "restore-entra-mapping checks it: try it on one PC first." },
    { "profile-other-drive",
      "Compares the drive of each selected profile (as the offline Windows "
      "saw it, E:\\Profiles\\bob) with the drive Windows was on. scanstate "
      "rebuilds the old drive letters from the offline SYSTEM hive; when it "
      "cannot, it stops with rc 29 \"Unable to automatically map the drive "
      "letters\", and the documented way out is an offline.xml whose "
      "<mappings> section maps every drive. The automatic fix writes one; "
      "the order of the two paths in a pair follows the reference's "
      "example and is not verified against scanstate." },
    { "user-hive-damaged",
      "Opens NTUSER.DAT and AppData\\Local\\Microsoft\\Windows\\"
      "UsrClass.dat of every selected user and checks them as hive-damaged "
      "does; a missing one counts too. NTUSER.DAT holds the user's "
      "registry (HKCU: desktop, application settings, mapped drives, "
      "printers), UsrClass.dat the per-user file associations, COM "
      "registrations and shell settings (HKCU\\Software\\Classes, the "
      "<SID>_Classes hive that /ui:<SID>* picks up). When one is missing or "
      "damaged those settings cannot be captured; the documents can. The "
      "reference is silent on a profile without NTUSER.DAT (it names the "
      "file only for /uel's timestamp) and on a damaged one: it does not "
      "say whether scanstate then skips the settings, skips the user or "
      "stops, so this is a warning to acknowledge, not an error." },

    /* ---- store, encryption, EFS -------------------------------------- */
    { "hardlink-needs-nocompress",
      "Looks for /hardlink without /nocompress. A hard-link store is "
      "always uncompressed and scanstate insists on being told: return code "
      "11 \"/hardlink requires /nocompress\"." },
    { "hardlink-vsc",
      "Looks for /hardlink with /vsc. Volume shadow copies cannot be "
      "hard-linked, so scanstate refuses the pair (\"Volume shadow copy "
      "feature is not supported with a hardlink store\"); offline nothing "
      "is locked and /vsc is not needed anyway." },
    { "hardlink-ppkg",
      "Looks for /hardlink with /ppkg. A provisioning package is a single "
      "file and cannot be made of hard links; scanstate refuses the pair "
      "with return code 11. For a refresh of the same PC the hard-link "
      "store alone is the fast choice." },
    { "hardlink-encrypt",
      "Looks for /hardlink with /encrypt. A hard-link store is the user's "
      "own files linked in place and cannot be encrypted; /encrypt works "
      "only on a compressed store, and scanstate refuses the pair with "
      "return code 11." },
    { "encrypt-needs-key",
      "Looks for /encrypt without /key or /keyfile. scanstate needs the "
      "key to encrypt and refuses with return code 11 \"/encrypt requires "
      "/key or /keyfile\". The same key is needed again by loadstate: "
      "without it the store cannot be opened." },
    { "key-and-keyfile",
      "Looks for /key and /keyfile together. scanstate accepts one source "
      "for the key and refuses both (\"/key and /keyfile both specified\", "
      "return code 11). Keep the key file: it keeps the key out of logs "
      "and the process list." },
    { "key-without-encrypt",
      "Looks for /key or /keyfile without /encrypt. The key would not be "
      "used and scanstate refuses the line (\"/key or /keyfile used without "
      "enabling encryption\"); worse, someone may believe the store is "
      "encrypted." },
    { "encrypt-nocompress",
      "Looks for /encrypt with /nocompress. Only the compressed store (one "
      "USMT.MIG file) can be encrypted; an uncompressed store is a plain "
      "folder tree, and scanstate refuses the pair with return code 11." },
    { "encrypt-ppkg",
      "Looks for /encrypt with /ppkg. A provisioning package cannot be "
      "encrypted by scanstate, which refuses the pair with return code 11; "
      "a package that must be protected has to be kept on an encrypted "
      "disk instead." },
    { "encrypt-alg",
      "Checks the algorithm given to /encrypt against the ones scanstate "
      "knows (AES, AES_128, AES_192, AES_256, 3DES, 3DES_112). Another "
      "value gives return code 11 \"Specified encryption algorithm is not "
      "supported\". Plain /encrypt means 3DES; AES_256 is the one to use, "
      "and loadstate must be given the same algorithm with /decrypt." },
    { "key-length",
      "Checks the length of the encryption key: scanstate refuses an empty "
      "key (return code 33 \"The encryption key must have at least one "
      "character\") and accepts at most 256 characters." },
    { "key-short",
      "Checks whether the encryption key is shorter than the 8 characters "
      "Microsoft recommends. Short keys work, but anyone who gets the store "
      "(a lost USB disk) can guess them." },
    { "key-on-command-line",
      "Looks for the key typed on the command line with /key. It then "
      "shows in the process list, in the console history, in scanstate.log "
      "and in the progress log's command-line record; a key file keeps it "
      "out of all of them. The wizard always uses a private key file." },
    { "keyfile-unreadable",
      "Checks that the file given with /keyfile exists and can be read. "
      "scanstate stops with return code 33 \"Error accessing the file "
      "specified by the /keyfile parameter\" otherwise." },
    { "efs-hardlink-needs-hardlink",
      "Looks for /efs:hardlink without /hardlink. EFS files can only be "
      "hard-linked into a hard-link store; scanstate refuses it with return "
      "code 11 \"The /efs:hardlink requires /hardlink\"." },
    { "efs-invalid",
      "Checks the value of /efs against abort, skip, decryptcopy, copyraw "
      "and hardlink; anything else gives return code 11 \"EFS parameter "
      "specified is not valid for /efs\"." },
    { "efs-default-abort",
      "Looks for a capture that leaves /efs at its default, abort. The "
      "first EFS-encrypted file scanstate meets then stops the whole "
      "capture with return code 2 (\"Gather was aborted because of an EFS "
      "file\"), often after an hour of work. /efs:copyraw copies such files "
      "still encrypted and takes the certificates along." },
    { "no-continue",
      "Looks for a capture without /c. Without it, the first file that "
      "cannot be read (a damaged sector, a file with broken permissions, a "
      "path too long) stops the capture with return code 61. With /c the "
      "file is skipped and logged, and the run ends with return code 3: a "
      "usable store, with the skipped files listed in scanstate.log." },

    /* ---- switch combinations ----------------------------------------- */
    { "genconfig-combo",
      "Looks for /genconfig with other switches than /i, /o, /v and /l. "
      "/genconfig writes a Config.xml and exits without capturing, and "
      "scanstate refuses it next to a store path or capture options "
      "(\"/genconfig can't be used with most other options\")." },
    { "genmigxml-combo",
      "Looks for /genmigxml with other switches than /v and /l. It writes "
      "the document finder's patterns to a file and captures nothing; "
      "scanstate refuses any other switch next to it with return code 11." },
    { "auto-conflicts",
      "Looks for /auto with /all, /ui, /ue or /v. /auto already selects "
      "every user, MigApp.xml, MigDocs.xml and the most verbose log, and "
      "scanstate refuses those switches next to it with return code 11." },
    { "listfiles-with-p",
      "Looks for /listfiles with /p. /p only estimates the store size and "
      "gathers no files, so there is no file list to write; scanstate "
      "refuses the pair (\"/listfiles cannot be used with /p\")." },
    { "ppkg-with-p",
      "Looks for /ppkg with /p. A size estimate and a provisioning package "
      "cannot be made in one run; scanstate refuses the pair with return "
      "code 11. Run the estimate first, then the capture, as two separate "
      "command lines." },
    { "ppkg-nocompress",
      "Looks for /ppkg with /nocompress. A provisioning package is always "
      "a packed file, while /nocompress asks for a plain folder tree; "
      "scanstate refuses the pair with return code 11 before capturing "
      "anything." },
    { "p-needs-nocompress",
      "Looks for a bare /p (the old USMTSIZE.TXT estimate) without "
      "/nocompress. That estimate exists only for uncompressed stores; "
      "scanstate refuses with return code 11 and asks for /nocompress or "
      "for an XML file name (/p:estimate.xml), which works for every store." },
    { "apps-combo",
      "Looks for /apps offline, without /ppkg, or with /targetWindows7 or "
      "/targetWindows8. /apps captures installed applications into a "
      "provisioning package from a running Windows only: scanstate refuses "
      "it offline (\"/apps is not supported in offline mode\") and in the "
      "other combinations." },
    { "drivers-diff-combo",
      "Looks for /drivers without /ppkg and /diff without /apps. Both "
      "belong to provisioning-package captures of a running Windows and are "
      "refused otherwise with return code 11." },
    { "target-windows-source",
      "Looks for /targetWindows7 or /targetWindows8 with a source Windows "
      "newer than the target they name. They only exist to move users down "
      "to an older Windows from an equally old or older one; scanstate "
      "refuses them otherwise with return code 11." },
    { "v-invalid",
      "Checks the /v value against the sums scanstate accepts (0, 1, 4, 5, "
      "8, 9, 12, 13: verbose 1, status 4, debugger 8). Any other number "
      "gives return code 11. /v:5 is what Microsoft recommends when "
      "something may need to be diagnosed." },
    { "r-invalid",
      "Checks that /r (retries when writing the store to a network share) "
      "is a whole number; scanstate refuses anything else with return code "
      "11 \"Retry argument must be an integer\"." },
    { "w-invalid",
      "Checks that /w (seconds to wait before a network retry) is a whole "
      "number; scanstate refuses anything else with return code 11 \"Wait "
      "delay argument must be an integer\"." },
    { "uel-invalid",
      "Checks the /uel value: a number of days or a date written "
      "YYYY/MM/DD (0 means users logged on now). scanstate refuses other "
      "values with return code 11. /uel is in any case refused offline." },
    { "vsc-value",
      "Checks the value of /vsc: scanstate accepts /vsc and /vsc:OFF only "
      "(\"use either /vsc or /vsc:OFF\") and refuses the line otherwise. "
      "Offline, no file is held open by a running program, so shadow "
      "copies bring nothing and the switch can simply go." },
    { "tel-value",
      "Checks the value of /tel: scanstate accepts /tel:ON and /tel:OFF "
      "only (\"use either /tel:ON or /tel:OFF\") and refuses the line "
      "otherwise. In Windows PE there is usually no network to send "
      "telemetry to, so /tel:OFF is the natural choice." },
    { "switch-repeated",
      "Looks for a switch given twice that scanstate accepts only once "
      "(everything but /i, /ui, /ue and /uel). scanstate refuses the line "
      "with return code 11 (\"An option is specified more than once and is "
      "ambiguous\"); the two values often come from a script and its "
      "caller each adding the same switch." },
    { "switch-unknown",
      "Looks for a switch scanstate does not know, usually a spelling "
      "mistake (/offlinewindows, /nocompression) or a switch of another "
      "tool. scanstate refuses the whole line with return code 11 "
      "\"Command line option is not valid\"." },
    { "switch-loadstate-only",
      "Looks for loadstate switches on a scanstate line (/lac, /lae, /mu, "
      "/md, /sf, /decrypt). They are given when restoring, and scanstate "
      "refuses them with return code 11." },
    { "switch-missing-value",
      "Looks for a switch that needs a value but has none (/l, /i:, "
      "/progress). scanstate refuses the line with return code 11 \"An "
      "option argument is missing\"; a value with spaces that lost its "
      "quotes is a frequent cause." },
    { "arg-too-long",
      "Checks every argument against the 256 characters scanstate "
      "accepts. A longer one stops it with return code 12 \"Command line "
      "arguments cannot exceed 256 characters\"; deep store or log folders "
      "and long XML paths are the usual cause." },
    { "path-quote-escaped",
      "Looks for a double quote inside a switch's value. Windows splits a "
      "command line so that a backslash before a double quote makes the "
      "quote literal: /offlineWinDir:\"D:\\Windows\\\" does not end at the "
      "quote but runs on into the next switches, and scanstate then "
      "refuses a Windows folder that seems fine on screen. A trailing "
      "backslash is never needed; quotes are only needed around spaces. "
      "The reference does not describe this; it is how Windows programs "
      "read their command line." },
    { "help-only",
      "Looks for /? or /help. scanstate then prints its help, captures "
      "nothing and ends with return code 1, which scripts may take for a "
      "failure, or for a success that left no store." },

    /* ---- the store ---------------------------------------------------- */
    { "store-missing",
      "Checks that the command line names a store folder (the first "
      "argument that is not a switch). scanstate needs it for every capture "
      "and refuses with return code 11 \"The store parameter is required "
      "but not specified\"." },
    { "store-with-gen",
      "Looks for a store path next to /genconfig or /genmigxml. Those "
      "switches write one file and capture nothing, and scanstate refuses "
      "a store path with them (return code 11)." },
    { "store-several",
      "Looks for more than one argument that is not a switch. scanstate "
      "accepts one store path; a second one is nearly always a path with "
      "spaces that was not quoted and fell apart." },
    { "store-drive-root",
      "Checks whether the store is the root of a drive (E:\\). scanstate "
      "leaves its store folder out of the capture, so a drive-root store "
      "excludes the whole drive, and C:\\ is refused outright; a folder per "
      "computer also keeps captures apart." },
    { "store-on-x",
      "Checks whether the store is on X:, the Windows PE RAM disk. It is "
      "small, so a real capture fills it quickly, and everything on it is "
      "gone when the PC restarts: the captured data would be lost." },
    { "store-path-too-long",
      "Checks the store path against the 256 characters scanstate "
      "accepts; a relative path counts together with the current folder. "
      "A longer one stops it with return code 12." },
    { "store-bad-name",
      "Checks every folder of the store path for names Windows cannot "
      "create: reserved device names (CON, PRN, AUX, NUL, COM1, LPT1, ...) "
      "and names ending with a dot or a space. Windows cannot create or "
      "open such folders normally, so the store could not be written "
      "there, or could not be found again at restore time." },
    { "store-relative",
      "Checks whether the store path is relative (no drive letter or share). "
      "It then depends on the folder scanstate is started from, which in "
      "Windows PE is often X:\\Windows\\System32 on the RAM disk." },
    { "store-exists",
      "Looks in the store folder for an existing store (a USMT folder with "
      "USMT.MIG, catalog.mig or migstate.dat). scanstate refuses to write "
      "over it without /o and stops with return code 27; that store may be "
      "the only copy of another capture, so usmtwiz never adds /o by "
      "itself." },
    { "store-overwrite",
      "Looks for /o. It tells scanstate to delete an existing store in the "
      "store folder before writing: the earlier capture, which may not have "
      "been restored yet, is lost." },
    { "hardlink-other-volume",
      "Checks that a hard-link store is on the same volume as the offline "
      "Windows. Hard links exist only inside one volume, so the store "
      "cannot link to the users' files from elsewhere; the known outcome is "
      "worse than a refusal: the capture seems to succeed and the restore "
      "fails with return code 38." },
    { "hardlink-not-ntfs-fixed",
      "Checks that a hard-link store is on a fixed NTFS volume. scanstate "
      "refuses removable, network and non-NTFS volumes for the main "
      "hard-link store (\"Hardlink main store can be created only on a "
      "fixed drive\", \"... must support hardlinks\")." },
    { "store-low-space",
      "Compares the free space of the store volume with what an "
      "uncompressed or hard-link store needs (the selected profiles' size "
      "plus 250 MB for hard links). scanstate writes until the disk is "
      "full and then fails with return code 72, often hours into the run." },
    { "store-low-space-compressed",
      "Compares the free space of the store volume with the size of the "
      "selected profiles. A compressed store is usually smaller than the "
      "data, but photos, videos and PST files hardly compress, so a disk "
      "with less room than the profiles may fill up during the capture." },
    { "store-share-not-connected",
      "Checks that a store on a file share (\\\\server\\share\\...) "
      "can be reached before the run. In Windows PE the network starts "
      "only after wpeinit, a share usually asks for a user and password, "
      "and a share that was never connected makes scanstate fail at its "
      "first write to the store. The Store screen connects the share "
      "with the user and password typed there (never on a command line), "
      "and says why a connection failed: network not started, server not "
      "found (no network driver), share not found, or access denied." },
    { "store-readonly",
      "Checks that the store folder, or its volume, can be written. A "
      "write-protected stick, an NTFS volume Windows PE mounted read-only "
      "or a folder without write rights makes scanstate stop with return "
      "code 27." },
    { "store-inside-profile",
      "Checks whether the store is inside the profile of a user being "
      "captured. scanstate leaves its store folder out of the capture, "
      "which works, but the store then grows inside the data it copies and "
      "sits on the disk being rescued; another disk is safer." },
    { "store-on-source-volume",
      "Checks whether a copy store (compressed or uncompressed) is on the "
      "offline Windows volume. If that disk is replaced, wiped or fails, "
      "the store goes with it; only a hard-link store belongs on that "
      "volume, for a refresh of the same PC." },
    { "log-inside-store",
      "Checks that /l, /progress and /listfiles do not point inside the "
      "store folder. scanstate overwrites or removes that folder's content "
      "and would fight with its own logs, and the logs are needed exactly "
      "when the store went wrong." },
    { "log-on-x",
      "Checks whether scanstate.log or the progress log go to X:, the "
      "Windows PE RAM disk. Everything there is lost at the next restart, "
      "which is when someone wants to read why a capture failed." },

    /* ---- migration XML and Config.xml ---------------------------------- */
    { "log-folder-missing",
      "Looks at the folder that /l and /progress write into. scanstate "
      "creates its log and progress files but not the folders above them, "
      "so a log aimed at E:\\Logs\\PC1\\scan.log on a stick without that "
      "folder ends the run before it starts (rc 13 for /l, rc 40 for "
      "/progress). The wizard, plain mode and run create the folders they "
      "choose, so only a typed command line (lint) is judged." },
    { "store-fat32-large-file",
      "Compares the largest file of the selected profiles with the 4 GB "
      "limit of FAT32 when the store is uncompressed (/nocompress): such a "
      "store copies every file as it is, and FAT32 cannot hold a file of "
      "4 GB or more (a virtual machine disk, a mail archive, a video). "
      "The copy fails and the run stops or skips the file. NTFS and exFAT "
      "have no such limit. The limit is the file system's; the reference "
      "does not mention it." },
    { "store-fat32-mig-size",
      "Compares the selected profiles' size with the 4 GB limit of FAT32 "
      "when the store is compressed: USMT.MIG is one file, as large as the "
      "data it holds before compression at most. scanstate's own strings "
      "suggest it splits the store into numbered pieces on FAT, but how "
      "and whether loadstate then needs all pieces together is not "
      "documented, so this is a warning: an NTFS or exFAT store disk "
      "removes the doubt." },
    { "xml-miguser-migdocs",
      "Looks for MigUser.xml and MigDocs.xml together. Both select "
      "documents with different rules and destinations, so files can be "
      "stored once and restored twice to different places; Microsoft says "
      "not to use them together." },
    { "xml-schema-as-i",
      "Looks for MigXML.xsd passed with /i. It is the schema used to write "
      "and check migration XML, not a migration file, and scanstate stops "
      "with return code 28 \"Script file is invalid for /i\"." },
    { "xml-config-as-i",
      "Looks for a Config.xml (a <Configuration> document) passed with /i. "
      "It only switches components on or off and is read with /config; "
      "with /i scanstate stops with return code 28 (or 26)." },
    { "xml-missing",
      "Checks that every file given with /i exists. A bare name is looked "
      "for in the current folder, which in Windows PE is rarely the USMT "
      "folder; scanstate stops with return code 28 \"Unable to find a "
      "script file specified by /i\"." },
    { "xml-malformed",
      "Reads every /i file as XML. A file that is not well-formed (a "
      "hand edit with a missing closing tag, a wrong encoding line) stops "
      "scanstate with return code 28 \"Script file is invalid for /i\"." },
    { "xml-not-migration",
      "Checks that every /i file is a <migration> document. Another XML "
      "(an offline.xml, a Config.xml, an unattend file) is not a migration "
      "rule file and stops scanstate with return code 28." },
    { "xml-urlid-duplicate",
      "Reads the urlid of every /i file. Each migration XML is known to "
      "scanstate by its urlid; a custom XML copied from MigApp.xml or "
      "another file and not given its own urlid is reported in the field "
      "to be skipped without a word, so its rules are never applied. The "
      "reference only gives the best practice (the urlid ends with the "
      "file name), not the skipping." },
    { "config-bad",
      "Checks that the /config file exists, is well-formed and is a "
      "<Configuration> document as /genconfig writes it. scanstate stops "
      "with return code 39 \"Error reading Config.xml\" otherwise." },
    { "offline-xml-bad",
      "Checks that the /offline file exists, is well-formed and is an "
      "<offline> document. scanstate stops with return "
      "code 11 \"/offline requires a valid path to an XML file describing "
      "offline paths\" otherwise." },
    { "xml-none",
      "Looks for a capture without any /i. scanstate then captures the user "
      "accounts and the operating-system settings only: no documents and no "
      "application settings, which is rarely what is wanted." },
};

#define N_EXPLANATIONS (sizeof(explanations) / sizeof(explanations[0]))

const char *rules_explanation(const char *id)
{
    for (size_t i = 0; i < N_EXPLANATIONS; i++) {
        if (!strcmp(explanations[i].id, id))
            return explanations[i].text;
    }
    return rules_restore_explanation(id);
}

bool rules_explanation_at(size_t i, const char **id, const char **text)
{
    if (i >= N_EXPLANATIONS)
        return rules_restore_explanation_at(i - N_EXPLANATIONS, id, text);
    *id = explanations[i].id;
    *text = explanations[i].text;
    return true;
}

/* ---- suggestions for an unknown id ------------------------------------ */

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;

    return m < c ? m : c;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Edit distance, ASCII case-insensitive; capped at 64 characters. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);
    size_t row[65];

    if (la > 64)
        la = 64;
    if (lb > 64)
        lb = 64;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];

        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;

            row[j] = min3(row[j] + 1, row[j - 1] + 1, diag + cost);
            diag = up;
        }
    }
    return row[lb];
}

/* The next dash-separated word of *p ("ui" of "ui-by-name"), or NULL. */
static char *next_word(const char **p)
{
    *p += strspn(*p, "-_ ");
    size_t n = strcspn(*p, "-_ ");

    if (!n)
        return NULL;
    char *w = xstrndup(*p, n);

    *p += n;
    return w;
}

/*
 * Does a word of query (3 letters or more) equal a word of id, or miss it
 * by one letter when it has 5 or more?
 */
static bool near_word(const char *query, const char *id)
{
    const char *q = query;
    char *w;
    bool hit = false;

    while (!hit && (w = next_word(&q))) {
        size_t lw = strlen(w);
        const char *r = id;
        char *v;

        while (lw >= 3 && !hit && (v = next_word(&r))) {
            hit = distance(w, v) <= (lw >= 5 ? 1u : 0u);
            free(v);
        }
        free(w);
    }
    return hit;
}

size_t rules_suggest(const char *id, const char **out, size_t max)
{
    size_t n;
    const struct rule *t = rules_list(&n);
    size_t *score = xcalloc(n ? n : 1, sizeof(*score));
    size_t limit = strlen(id) / 3 + 2;
    size_t got = 0;

    for (size_t i = 0; *id && i < n; i++) {
        size_t d = distance(id, t[i].id);

        if (d <= limit)
            score[i] = d + 1;
        else if (str_icasestr(t[i].id, id) || near_word(id, t[i].id))
            score[i] = limit + 2;   /* after the near misses */
    }
    while (got < max) {
        size_t best = n;

        for (size_t i = 0; i < n; i++) {
            if (score[i] && (best == n || score[i] < score[best]))
                best = i;
        }
        if (best == n)
            break;
        out[got++] = t[best].id;
        score[best] = 0;
    }
    free(score);
    return got;
}

/* ---- the whole explanation ---------------------------------------------- */

/* One paragraph, two columns in, lines of 76 at the most. */
static void wrap(struct strbuf *out, const char *text)
{
    strbuf_add_wrapped(out, "  ", text, 76);
}

static const char *severity_meaning(enum rule_severity sev)
{
    switch (sev) {
    case RULE_ERROR:
        return "error: blocks the start until it is fixed";
    case RULE_WARNING:
        return "warning: the start needs an acknowledgement";
    case RULE_INFO:
        return "note: for your information, never blocks";
    }
    return "unknown";
}

void rule_describe(const struct rule *r, const char *screens,
                   struct strbuf *out)
{
    const char *why = rules_explanation(r->id);
    struct strbuf fields = STRBUF_INIT;

    rule_fields_describe(r->fields, &fields);
    strbuf_addf(out, "%s (%s)\n", r->id, rule_severity_name(r->severity));
    strbuf_adds(out, "What it catches:\n");
    wrap(out, r->summary);
    strbuf_adds(out, "What it checks and why it matters:\n");
    wrap(out, why ? why : "No longer explanation is written for this rule.");
    strbuf_adds(out, "Fix:\n");
    wrap(out, r->fix);
    strbuf_adds(out, "Automatic fix:\n");
    wrap(out, r->autofix
                  ? "yes: 'a' on the wizard's screen applies it, and "
                    "'usmtwiz run --fix' applies it unattended"
                  : "no: change the choice (or the command line) by hand");
    strbuf_addf(out, "Severity:\n  %s\n", severity_meaning(r->severity));
    strbuf_addf(out, "Looks at:\n  %s", fields.buf ? fields.buf : "");
    if (screens && *screens)
        strbuf_addf(out, " (shown on: %s)", screens);
    strbuf_addch(out, '\n');
    strbuf_addf(out, "Source:\n  %s of the USMT reference; Microsoft "
                "documentation: %s\n", r->ref, r->doc);
    strbuf_release(&fields);
}
