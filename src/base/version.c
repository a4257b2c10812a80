#include "base/version.h"

const char wiz_version[] = "0.1.0";
