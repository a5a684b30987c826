/*
 * A stand-in for NVRTC (libnvrtc.so) for CudaDriverDeviceTest: it checks the program and the
 * option CudaDriverDevice passes and "compiles" to an image mock_cuda.c accepts, a cubin when the
 * GPU's architecture is among its supported ones, else PTX. mock_nvrtc_max_arch sets the newest
 * architecture it claims to know.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int nvrtcResult;
typedef struct { char *source; char arch[64]; char log[256]; } program;

static int max_arch = 90;

void mock_nvrtc_max_arch(int arch) { max_arch = arch; }

nvrtcResult nvrtcVersion(int *major, int *minor) { *major = 13; *minor = 0; return 0; }

static const int archs[] = {75, 80, 86, 89, 90, 100, 120};
nvrtcResult nvrtcGetNumSupportedArchs(int *n)
{
    *n = 0;
    for (int i = 0; i < 7; i++) if (archs[i] <= max_arch) (*n)++;
    return 0;
}
nvrtcResult nvrtcGetSupportedArchs(int *out)
{
    int n = 0;
    for (int i = 0; i < 7; i++) if (archs[i] <= max_arch) out[n++] = archs[i];
    return 0;
}

nvrtcResult nvrtcCreateProgram(program **p, const char *src, const char *name, int headers, const char *const *h,
                               const char *const *names)
{
    if (src == NULL || name == NULL || headers != 0) return 3; /* NVRTC_ERROR_INVALID_INPUT */
    *p = calloc(1, sizeof(program));
    (*p)->source = malloc(strlen(src) + 1);
    strcpy((*p)->source, src);
    return 0;
}

nvrtcResult nvrtcCompileProgram(program *p, int n, const char *const *options)
{
    if (n != 1 || strncmp(options[0], "--gpu-architecture=", 19) != 0) {
        snprintf(p->log, sizeof p->log, "mock nvrtc: expected one --gpu-architecture option");
        return 5; /* NVRTC_ERROR_INVALID_OPTION */
    }
    if (strstr(p->source, "MNN_KERNEL mnn_factor") == NULL || strstr(p->source, "__CUDACC_RTC__") == NULL) {
        snprintf(p->log, sizeof p->log, "mock nvrtc: not the NeuRLP kernels");
        return 6; /* NVRTC_ERROR_COMPILATION */
    }
    snprintf(p->arch, sizeof p->arch, "%s", options[0] + 19);
    return 0;
}

static const char *image(program *p, char *buf, size_t size)
{
    snprintf(buf, size, "%s %s", strncmp(p->arch, "sm_", 3) == 0 ? "MOCKCUBIN" : "MOCKPTX", p->arch);
    return buf;
}

nvrtcResult nvrtcGetCUBINSize(program *p, size_t *n) { char b[96]; *n = strlen(image(p, b, sizeof b)) + 1; return strncmp(p->arch, "sm_", 3) == 0 ? 0 : 7; }
nvrtcResult nvrtcGetCUBIN(program *p, char *out) { char b[96]; strcpy(out, image(p, b, sizeof b)); return 0; }
nvrtcResult nvrtcGetPTXSize(program *p, size_t *n) { char b[96]; *n = strlen(image(p, b, sizeof b)) + 1; return 0; }
nvrtcResult nvrtcGetPTX(program *p, char *out) { char b[96]; strcpy(out, image(p, b, sizeof b)); return 0; }
nvrtcResult nvrtcGetProgramLogSize(program *p, size_t *n) { *n = strlen(p->log) + 1; return 0; }
nvrtcResult nvrtcGetProgramLog(program *p, char *out) { strcpy(out, p->log); return 0; }
nvrtcResult nvrtcDestroyProgram(program **p) { free((*p)->source); free(*p); *p = NULL; return 0; }
const char *nvrtcGetErrorString(nvrtcResult r) { return r == 0 ? "NVRTC_SUCCESS" : r == 5 ? "NVRTC_ERROR_INVALID_OPTION" : "NVRTC_ERROR_MOCK"; }
