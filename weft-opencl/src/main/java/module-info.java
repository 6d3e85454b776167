/**
 * OpenCL through FFM on libOpenCL: platforms, devices, buffers, programs, kernels and events; and
 * {@link org.weft.opencl.ClSpace}, an OpenCL device as a Weft memory space.
 */
module org.weft.opencl {
    requires transitive org.weft.core;

    exports org.weft.opencl;
}
