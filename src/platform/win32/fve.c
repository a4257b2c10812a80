/*
 * BitLocker on Windows: key protectors and unlocking through the BitLocker
 * WMI provider (class Win32_EncryptableVolume in namespace
 * ROOT\CIMV2\Security\MicrosoftVolumeEncryption), so the recovery password
 * is never on a command line.  COM is loaded when first needed
 * (ole32.dll, oleaut32.dll), so usmtwiz.exe imports no more DLLs than
 * before and a Windows PE without WMI gets a clear message.  The provider
 * is in Windows PE with the WinPE-WMI and WinPE-SecureStartup optional
 * components.
 */
#define COBJMACROS
#include "platform/vol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "w32.h"

#include <objbase.h>
#include <oleauto.h>
#include <wbemcli.h>

#include "../common/memlock.h"

#define NS_FVE L"ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption"
#define NO_PROVIDER "the BitLocker WMI provider is not available in this " \
                    "Windows PE: add the WinPE-WMI and WinPE-SecureStartup " \
                    "optional components (or unlock with manage-bde)"

/* return codes of the Unlock methods (winerror.h, FACILITY_FVE) */
#define FVE_E_FAILED_AUTHENTICATION 0x80310027UL
#define FVE_E_INVALID_PASSWORD_FORMAT 0x80310035UL
#define FVE_E_NOT_ENCRYPTED 0x80310001UL

/* the WMI locator (wbemcli.h names them; defined here, no wbemuuid) */
static const GUID clsid_locator = { 0x4590f811, 0x1d3a, 0x11d0,
    { 0x89, 0x1f, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24 } };
static const GUID iid_locator = { 0xdc12a687, 0x737f, 0x11cf,
    { 0x88, 0x4d, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24 } };

typedef HRESULT (WINAPI *co_init_fn)(LPVOID, DWORD);
typedef void (WINAPI *co_uninit_fn)(void);
typedef HRESULT (WINAPI *co_create_fn)(REFCLSID, LPUNKNOWN, DWORD, REFIID,
                                       LPVOID *);
typedef HRESULT (WINAPI *co_blanket_fn)(IUnknown *, DWORD, DWORD,
                                        OLECHAR *, DWORD, DWORD,
                                        RPC_AUTH_IDENTITY_HANDLE, DWORD);
typedef BSTR (WINAPI *sys_alloc_fn)(const OLECHAR *);
typedef void (WINAPI *sys_free_fn)(BSTR);
typedef HRESULT (WINAPI *var_clear_fn)(VARIANTARG *);
typedef HRESULT (WINAPI *sa_bound_fn)(SAFEARRAY *, UINT, LONG *);
typedef HRESULT (WINAPI *sa_get_fn)(SAFEARRAY *, LONG *, void *);

struct wmi {
    HMODULE ole, aut;
    co_init_fn co_init;
    co_uninit_fn co_uninit;
    co_create_fn co_create;
    co_blanket_fn co_blanket;
    sys_alloc_fn sys_alloc;
    sys_free_fn sys_free;
    var_clear_fn var_clear;
    sa_bound_fn sa_lbound, sa_ubound;
    sa_get_fn sa_get;
    bool inited;
    IWbemServices *svc;
    BSTR path;          /* __PATH of the volume's instance */
};

#define LOAD(m, mod, field, type, name)                                    \
    ((m)->field = (type)(void (*)(void))GetProcAddress((m)->mod, name))

/* VariantInit without importing it from oleaut32.dll */
static void var_init(VARIANT *v)
{
    memset(v, 0, sizeof(*v));
    V_VT(v) = VT_EMPTY;
}

static void wmi_close(struct wmi *m)
{
    if (m->path)
        m->sys_free(m->path);
    if (m->svc)
        IWbemServices_Release(m->svc);
    if (m->inited)
        m->co_uninit();
    if (m->aut)
        FreeLibrary(m->aut);
    if (m->ole)
        FreeLibrary(m->ole);
    memset(m, 0, sizeof(*m));
}

static int wmi_fail(struct wmi *m, struct wiz_err *err, char letter,
                    const char *what, HRESULT hr)
{
    wmi_close(m);
    return err_set(err, WIZ_ESYS, "volume %c: %s (0x%08lx)", letter, what,
                   (unsigned long)hr);
}

/* COM, the provider's namespace and the instance of volume letter. */
static int wmi_open(struct wmi *m, char letter, struct wiz_err *err)
{
    IWbemLocator *loc = NULL;
    IEnumWbemClassObject *en = NULL;
    IWbemClassObject *obj = NULL;
    wchar_t query[96];
    BSTR ns, wql, q;
    VARIANT v;
    ULONG got = 0;
    HRESULT hr;

    memset(m, 0, sizeof(*m));
    m->ole = LoadLibraryW(L"ole32.dll");
    m->aut = LoadLibraryW(L"oleaut32.dll");
    if (m->ole) {
        LOAD(m, ole, co_init, co_init_fn, "CoInitializeEx");
        LOAD(m, ole, co_uninit, co_uninit_fn, "CoUninitialize");
        LOAD(m, ole, co_create, co_create_fn, "CoCreateInstance");
        LOAD(m, ole, co_blanket, co_blanket_fn, "CoSetProxyBlanket");
    }
    if (m->aut) {
        LOAD(m, aut, sys_alloc, sys_alloc_fn, "SysAllocString");
        LOAD(m, aut, sys_free, sys_free_fn, "SysFreeString");
        LOAD(m, aut, var_clear, var_clear_fn, "VariantClear");
        LOAD(m, aut, sa_lbound, sa_bound_fn, "SafeArrayGetLBound");
        LOAD(m, aut, sa_ubound, sa_bound_fn, "SafeArrayGetUBound");
        LOAD(m, aut, sa_get, sa_get_fn, "SafeArrayGetElement");
    }
    if (!m->co_init || !m->co_uninit || !m->co_create || !m->co_blanket ||
        !m->sys_alloc || !m->sys_free || !m->var_clear || !m->sa_lbound ||
        !m->sa_ubound || !m->sa_get) {
        wmi_close(m);
        return err_set(err, WIZ_ESYS, "volume %c: COM (ole32.dll, "
                       "oleaut32.dll) is missing: %s", letter, NO_PROVIDER);
    }
    hr = m->co_init(NULL, COINIT_MULTITHREADED);
    if (SUCCEEDED(hr))
        m->inited = true;
    else if (hr != RPC_E_CHANGED_MODE)
        return wmi_fail(m, err, letter, "COM cannot start", hr);
    hr = m->co_create(&clsid_locator, NULL, CLSCTX_INPROC_SERVER,
                      &iid_locator, (void **)&loc);
    if (FAILED(hr))
        return wmi_fail(m, err, letter, "WMI is not available in this "
                        "Windows PE: add the WinPE-WMI and "
                        "WinPE-SecureStartup optional components", hr);
    ns = m->sys_alloc(NS_FVE);
    hr = IWbemLocator_ConnectServer(loc, ns, NULL, NULL, NULL, 0, NULL,
                                    NULL, &m->svc);
    m->sys_free(ns);
    IWbemLocator_Release(loc);
    if (FAILED(hr))
        return wmi_fail(m, err, letter, NO_PROVIDER, hr);
    /* packet privacy: the password travels encrypted even to a local
       provider process */
    hr = m->co_blanket((IUnknown *)m->svc, RPC_C_AUTHN_WINNT,
                       RPC_C_AUTHZ_NONE, NULL, RPC_C_AUTHN_LEVEL_PKT_PRIVACY,
                       RPC_C_IMP_LEVEL_IMPERSONATE, NULL, EOAC_NONE);
    if (FAILED(hr))
        return wmi_fail(m, err, letter, "cannot secure the WMI connection",
                        hr);
    swprintf(query, sizeof(query) / sizeof(query[0]),
             L"SELECT * FROM Win32_EncryptableVolume WHERE DriveLetter='%c:'",
             (wchar_t)letter);
    wql = m->sys_alloc(L"WQL");
    q = m->sys_alloc(query);
    hr = IWbemServices_ExecQuery(m->svc, wql, q, WBEM_FLAG_FORWARD_ONLY |
                                 WBEM_FLAG_RETURN_IMMEDIATELY, NULL, &en);
    m->sys_free(q);
    m->sys_free(wql);
    if (FAILED(hr))
        return wmi_fail(m, err, letter, hr == (HRESULT)WBEM_E_INVALID_CLASS ?
                        NO_PROVIDER : "the BitLocker WMI query failed", hr);
    hr = IEnumWbemClassObject_Next(en, (LONG)WBEM_INFINITE, 1, &obj, &got);
    IEnumWbemClassObject_Release(en);
    if (FAILED(hr) || got != 1) {
        wmi_close(m);
        return err_set(err, WIZ_ENOENT, "volume %c: BitLocker does not "
                       "know this volume (no Win32_EncryptableVolume)",
                       letter);
    }
    var_init(&v);
    hr = IWbemClassObject_Get(obj, L"__PATH", 0, &v, NULL, NULL);
    IWbemClassObject_Release(obj);
    if (FAILED(hr) || V_VT(&v) != VT_BSTR) {
        m->var_clear(&v);
        return wmi_fail(m, err, letter, "the volume's WMI object has no "
                        "path", hr);
    }
    m->path = m->sys_alloc(V_BSTR(&v));
    m->var_clear(&v);
    return 0;
}

/*
 * Call method of the volume with at most one argument (name, value) and
 * give back its out-parameters (caller releases) and ReturnValue.
 */
static int wmi_call(struct wmi *m, char letter, const wchar_t *method,
                    const wchar_t *arg, VARIANT *val,
                    IWbemClassObject **out, unsigned long *rv,
                    struct wiz_err *err)
{
    IWbemClassObject *cls = NULL;
    IWbemClassObject *def = NULL;
    IWbemClassObject *in = NULL;
    BSTR name = m->sys_alloc(L"Win32_EncryptableVolume");
    BSTR meth = m->sys_alloc(method);
    VARIANT r;
    HRESULT hr;

    *out = NULL;
    hr = IWbemServices_GetObject(m->svc, name, 0, NULL, &cls, NULL);
    if (SUCCEEDED(hr))
        hr = IWbemClassObject_GetMethod(cls, method, 0, &def, NULL);
    if (SUCCEEDED(hr) && def)
        hr = IWbemClassObject_SpawnInstance(def, 0, &in);
    if (SUCCEEDED(hr) && arg && in)
        hr = IWbemClassObject_Put(in, arg, 0, val, 0);
    if (SUCCEEDED(hr))
        hr = IWbemServices_ExecMethod(m->svc, m->path, meth, 0, NULL, in,
                                      out, NULL);
    if (in)
        IWbemClassObject_Release(in);
    if (def)
        IWbemClassObject_Release(def);
    if (cls)
        IWbemClassObject_Release(cls);
    m->sys_free(meth);
    m->sys_free(name);
    if (FAILED(hr) || !*out) {
        if (*out)
            IWbemClassObject_Release(*out);
        *out = NULL;
        return err_set(err, WIZ_ESYS, "volume %c: the BitLocker WMI call "
                       "failed (0x%08lx)", letter, (unsigned long)hr);
    }
    var_init(&r);
    hr = IWbemClassObject_Get(*out, L"ReturnValue", 0, &r, NULL, NULL);
    *rv = SUCCEEDED(hr) && V_VT(&r) == VT_I4 ? (unsigned long)V_I4(&r) :
          0xffffffffUL;
    m->var_clear(&r);
    return 0;
}

/* The IDs of the protectors of one type (2 external key, 3 password). */
static int add_protectors(struct wmi *m, char letter, int type,
                          enum vol_protector_kind kind,
                          struct vol_protector **out, size_t *n,
                          struct wiz_err *err)
{
    IWbemClassObject *res = NULL;
    unsigned long rv;
    VARIANT t, ids;
    LONG lo = 0, hi = -1;

    var_init(&t);
    V_VT(&t) = VT_I4;
    V_I4(&t) = type;
    if (wmi_call(m, letter, L"GetKeyProtectors", L"KeyProtectorType", &t,
                 &res, &rv, err) < 0)
        return -1;
    if (rv) {
        IWbemClassObject_Release(res);
        return err_set(err, WIZ_ESYS, "volume %c: GetKeyProtectors "
                       "returned 0x%08lx", letter, rv);
    }
    var_init(&ids);
    if (SUCCEEDED(IWbemClassObject_Get(res, L"VolumeKeyProtectorID", 0, &ids,
                                       NULL, NULL)) &&
        V_VT(&ids) == (VT_ARRAY | VT_BSTR) && V_ARRAY(&ids)) {
        m->sa_lbound(V_ARRAY(&ids), 1, &lo);
        m->sa_ubound(V_ARRAY(&ids), 1, &hi);
        for (LONG i = lo; i <= hi; i++) {
            BSTR b = NULL;
            char *id;

            if (FAILED(m->sa_get(V_ARRAY(&ids), &i, &b)) || !b)
                continue;
            id = w32_utf8(b);
            m->sys_free(b);
            *out = xrealloc(*out, (*n + 1) * sizeof(**out));
            memset(&(*out)[*n], 0, sizeof(**out));
            snprintf((*out)[*n].id, VOL_PROTECTOR_ID_SIZE, "%s", id);
            (*out)[*n].kind = kind;
            (*n)++;
            free(id);
        }
    }
    m->var_clear(&ids);
    IWbemClassObject_Release(res);
    return 0;
}

int vol_key_protectors(const struct vol_info *v, struct vol_protector **out,
                       size_t *n, struct wiz_err *err)
{
    struct wmi m;
    char letter = v->letter ? v->letter : '?';
    int r;

    *out = NULL;
    *n = 0;
    if (!v->letter)
        return err_set(err, WIZ_EUSAGE, "a volume without a drive letter "
                       "cannot be unlocked here");
    if (wmi_open(&m, letter, err) < 0)
        return -1;
    r = add_protectors(&m, letter, 3, VOL_PROT_RECOVERY, out, n, err);
    if (!r)
        r = add_protectors(&m, letter, 2, VOL_PROT_BEK, out, n, err);
    wmi_close(&m);
    if (r < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return r;
}

static int unlock_result(char letter, unsigned long rv, bool password,
                         struct wiz_err *err)
{
    if (rv == 0)
        return 0;
    if (rv == FVE_E_FAILED_AUTHENTICATION)
        return err_set(err, WIZ_EUSAGE, password ?
                       "volume %c: this is not its recovery password (each "
                       "block is valid, but the password does not unlock "
                       "the volume): compare it with the key ID shown" :
                       "volume %c: this key file is not one of its external "
                       "keys", letter);
    if (rv == FVE_E_INVALID_PASSWORD_FORMAT)
        return err_set(err, WIZ_EUSAGE, "volume %c: BitLocker refused the "
                       "form of the recovery password", letter);
    if (rv == FVE_E_NOT_ENCRYPTED)
        return err_set(err, WIZ_EUSAGE, "volume %c: is not encrypted",
                       letter);
    return err_set(err, WIZ_ESYS, "volume %c: BitLocker did not unlock it "
                   "(0x%08lx)", letter, rv);
}

int vol_unlock_recovery(const struct vol_info *v, const char *password,
                        struct wiz_err *err)
{
    struct wmi m;
    IWbemClassObject *res = NULL;
    char letter = v->letter ? v->letter : '?';
    wchar_t wide[64];
    unsigned long rv = 0;
    VARIANT pw;
    size_t n = strlen(password);
    int r;

    if (!v->letter)
        return err_set(err, WIZ_EUSAGE, "a volume without a drive letter "
                       "cannot be unlocked here");
    if (n >= sizeof(wide) / sizeof(wide[0]))
        return err_set(err, WIZ_EUSAGE, "volume %c: the recovery password "
                       "is too long", letter);
    if (wmi_open(&m, letter, err) < 0)
        return -1;
    /* digits and dashes: ASCII, widened without a library call */
    for (size_t i = 0; i <= n; i++)
        wide[i] = (wchar_t)(unsigned char)password[i];
    var_init(&pw);
    V_VT(&pw) = VT_BSTR;
    V_BSTR(&pw) = m.sys_alloc(wide);
    memlock_os_wipe(wide, sizeof(wide));
    r = wmi_call(&m, letter, L"UnlockWithNumericalPassword",
                 L"NumericalPassword", &pw, &res, &rv, err);
    if (V_BSTR(&pw))
        memlock_os_wipe(V_BSTR(&pw), n * sizeof(wchar_t));
    m.var_clear(&pw);
    if (res)
        IWbemClassObject_Release(res);
    wmi_close(&m);
    if (r < 0)
        return -1;
    return unlock_result(letter, rv, true, err);
}

int vol_unlock_bek(const struct vol_info *v, const char *bek_host,
                   struct wiz_err *err)
{
    struct wmi m;
    IWbemClassObject *res = NULL;
    char letter = v->letter ? v->letter : '?';
    unsigned long rv = 0;
    VARIANT path, key;
    wchar_t *wpath;
    int r;

    if (!v->letter)
        return err_set(err, WIZ_EUSAGE, "a volume without a drive letter "
                       "cannot be unlocked here");
    if (wmi_open(&m, letter, err) < 0)
        return -1;
    wpath = w32_wide(bek_host);
    var_init(&path);
    V_VT(&path) = VT_BSTR;
    V_BSTR(&path) = m.sys_alloc(wpath);
    free(wpath);
    /* the provider reads the key file itself; its key comes back as an
       array that goes straight to the unlock */
    r = wmi_call(&m, letter, L"GetExternalKeyFromFile", L"PathWithFileName",
                 &path, &res, &rv, err);
    m.var_clear(&path);
    if (!r && rv) {
        r = err_set(err, WIZ_EUSAGE, "volume %c: '%s' is no BitLocker key "
                    "file (0x%08lx)", letter, bek_host, rv);
    }
    var_init(&key);
    if (!r && (FAILED(IWbemClassObject_Get(res, L"ExternalKey", 0, &key,
                                           NULL, NULL)) ||
               !(V_VT(&key) & VT_ARRAY)))
        r = err_set(err, WIZ_ESYS, "volume %c: the key file gave no key",
                    letter);
    if (res)
        IWbemClassObject_Release(res);
    res = NULL;
    if (!r)
        r = wmi_call(&m, letter, L"UnlockWithExternalKey", L"ExternalKey",
                     &key, &res, &rv, err);
    m.var_clear(&key);
    if (res)
        IWbemClassObject_Release(res);
    wmi_close(&m);
    if (r < 0)
        return -1;
    return unlock_result(letter, rv, false, err);
}
