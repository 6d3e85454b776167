/** Benchmarks: Weft against C runtimes and a Java baseline on the same machine, and JMH benchmarks of engine parts. */
module org.weft.bench {
    requires org.weft.core;
    requires org.weft.linalg;
    requires org.weft.opencl;
    requires jmh.core;

    exports org.weft.bench to org.weft.cli;
    opens org.weft.bench.jmh to jmh.core;
}
