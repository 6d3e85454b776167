/** OpenCL through FFM on libOpenCL: platforms, devices, buffers, programs, kernels and events. */
module org.weft.opencl {
    exports org.weft.opencl;
}
