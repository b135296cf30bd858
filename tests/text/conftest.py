import pytest


@pytest.fixture(scope="module")
def glibc_width():
    """glibc's wcswidth under a UTF-8 locale, as most terminals measure;
    tests that ask for it are skipped where there is no such C library."""
    import ctypes
    import ctypes.util
    import locale

    name = ctypes.util.find_library("c")
    if name is None or not hasattr(ctypes.CDLL(name), "wcswidth"):
        pytest.skip("no C library with wcswidth")
    saved = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    except locale.Error:
        pytest.skip("no C.UTF-8 locale")
    wcswidth = ctypes.CDLL(name).wcswidth
    wcswidth.argtypes = [ctypes.c_wchar_p, ctypes.c_size_t]
    wcswidth.restype = ctypes.c_int
    yield lambda text: wcswidth(text, len(text))
    locale.setlocale(locale.LC_CTYPE, saved)
