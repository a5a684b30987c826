/*
 * A stand-in for the NVIDIA driver library (libcuda.so.1) for CudaDriverDeviceTest: the driver
 * API calls CudaDriverDevice makes, on host memory, with "kernels" that are neurlp_blocks.cu built
 * for the CPU. It checks what a real driver would check of those calls (the context, the image
 * NVRTC produced, the kernel names, the grid covering the batch) and reads the kernel arguments
 * through the kernelParams array exactly as the driver does, so the Java side's argument
 * marshalling is tested for real. mock_* functions let the test set a memory limit and count
 * allocations.
 */
#include <stdlib.h>
#include <string.h>
#include "neurlp_blocks.cu"

typedef int CUresult;
#define CTX ((void *) 0x1234)
#define MODULE ((void *) 0x5678)

static long long limit = -1;
static long long allocated = 0;
static long long live = 0;
static int launches = 0;

void mock_set_memory_limit(long long bytes) { limit = bytes; }
long long mock_live_allocations(void) { return live; }
long long mock_allocated_bytes(void) { return allocated; }
int mock_launches(void) { return launches; }

CUresult cuInit(unsigned int flags) { return flags == 0 ? 0 : 1; }
CUresult cuDeviceGetCount(int *n) { *n = 1; return 0; }
CUresult cuDeviceGet(int *d, int ordinal) { *d = 0; return ordinal == 0 ? 0 : 101; }
CUresult cuDeviceGetAttribute(int *v, int attribute, int dev)
{
    if (dev != 0) return 101;
    if (attribute == 75) { *v = 9; return 0; }  /* compute capability major */
    if (attribute == 76) { *v = 0; return 0; }  /* minor */
    return 1;
}
CUresult cuDeviceGetName(char *name, int len, int dev) { strncpy(name, "Mock H200", len); return dev == 0 ? 0 : 101; }
CUresult cuDeviceTotalMem_v2(size_t *bytes, int dev) { *bytes = (size_t) 141 << 30; return dev == 0 ? 0 : 101; }
CUresult cuDriverGetVersion(int *v) { *v = 13000; return 0; }
CUresult cuDevicePrimaryCtxRetain(void **ctx, int dev) { *ctx = CTX; return dev == 0 ? 0 : 101; }
CUresult cuCtxSetCurrent(void *ctx) { return ctx == CTX ? 0 : 201; }
CUresult cuCtxSynchronize(void) { return 0; }

CUresult cuModuleLoadData(void **module, const void *image)
{
    if (strncmp((const char *) image, "MOCKCUBIN sm_90", 15) != 0 && strncmp((const char *) image, "MOCKPTX compute_", 16) != 0) {
        return 200; /* CUDA_ERROR_INVALID_IMAGE */
    }
    *module = MODULE;
    return 0;
}

static const char *kernels[] = {
    "mnn_factor", "mnn_solve", "mnn_border_factor", "mnn_border_solve", "mnn_cr_eliminate", "mnn_cr_update",
    "mnn_cr_info", "mnn_cr_forward", "mnn_cr_forward_update", "mnn_cr_back"
};
#define KERNELS ((int) (sizeof kernels / sizeof kernels[0]))

/* function handles are 1 + the kernel's index in kernels[] */
CUresult cuModuleGetFunction(void **f, void *module, const char *name)
{
    if (module != MODULE) return 400;
    for (int i = 0; i < KERNELS; i++) {
        if (strcmp(name, kernels[i]) == 0) {
            *f = (void *) (idx) (i + 1);
            return 0;
        }
    }
    return 500; /* CUDA_ERROR_NOT_FOUND */
}

CUresult cuMemAlloc_v2(unsigned long long *p, size_t bytes)
{
    if (limit >= 0 && allocated + (long long) bytes > limit) return 2; /* CUDA_ERROR_OUT_OF_MEMORY */
    size_t *m = malloc(bytes + sizeof(size_t));
    if (m == NULL) return 2;
    m[0] = bytes;
    memset(m + 1, 0xFF, bytes); /* NaN: fresh device memory holds garbage, never zeros to rely on */
    allocated += bytes;
    live++;
    *p = (unsigned long long) (m + 1);
    return 0;
}

CUresult cuMemFree_v2(unsigned long long p)
{
    size_t *m = ((size_t *) p) - 1;
    allocated -= m[0];
    live--;
    free(m);
    return 0;
}

CUresult cuMemcpyHtoD_v2(unsigned long long dst, const void *src, size_t n) { memcpy((void *) dst, src, n); return 0; }
CUresult cuMemcpyDtoH_v2(void *dst, unsigned long long src, size_t n) { memcpy(dst, (const void *) src, n); return 0; }

#define I(k) (*(int *) params[k])
#define D(k) (*(double *) params[k])
#define P(k) (*(double **) params[k])
CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, void *stream, void **params, void **extra)
{
    int kernel = (int) (idx) f - 1;
    if (kernel < 0 || kernel >= KERNELS) return 400; /* CUDA_ERROR_INVALID_HANDLE */
    const char *name = kernels[kernel];
    long long nb = *(long long *) params[0];
    /* the cyclic-reduction kernels with a count run nb * count threads */
    long long threads = strncmp(name, "mnn_cr_", 7) == 0 && strcmp(name, "mnn_cr_info") != 0 ? nb * I(1) : nb;
    if (gy != 1 || gz != 1 || by != 1 || bz != 1 || shared != 0 || extra != NULL) return 1; /* CUDA_ERROR_INVALID_VALUE */
    if ((long long) gx * bx < threads || (long long) (gx - 1) * bx >= threads) return 1; /* the grid must just cover them */
    launches++;
    switch (kernel) {
        case 0: mnn_factor(nb, I(1), I(2), D(3), P(4), P(5), P(6)); break;
        case 1: mnn_solve(nb, I(1), I(2), I(3), P(4), P(5), P(6)); break;
        case 2: mnn_border_factor(nb, I(1), I(2), I(3), D(4), P(5), P(6), P(7), P(8)); break;
        case 3: mnn_border_solve(nb, I(1), I(2), I(3), P(4), P(5), P(6), P(7), P(8)); break;
        case 4: mnn_cr_eliminate(nb, I(1), I(2), I(3), I(4), I(5), I(6), D(7), P(8), P(9), P(10), P(11), P(12), P(13)); break;
        case 5: mnn_cr_update(nb, I(1), I(2), I(3), I(4), P(5), P(6), P(7), P(8)); break;
        case 6: mnn_cr_info(nb, I(1), I(2), P(3), P(4)); break;
        case 7: mnn_cr_forward(nb, I(1), I(2), I(3), I(4), I(5), P(6), P(7)); break;
        case 8: mnn_cr_forward_update(nb, I(1), I(2), I(3), I(4), I(5), P(6), P(7), P(8)); break;
        default: mnn_cr_back(nb, I(1), I(2), I(3), I(4), I(5), I(6), I(7), P(8), P(9), P(10), P(11)); break;
    }
    return 0;
}

CUresult cuGetErrorName(CUresult e, const char **s)
{
    *s = e == 2 ? "CUDA_ERROR_OUT_OF_MEMORY" : e == 200 ? "CUDA_ERROR_INVALID_IMAGE" : "CUDA_ERROR_MOCK";
    return 0;
}
