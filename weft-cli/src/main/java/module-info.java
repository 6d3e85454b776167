/** The {@code weft} command: demo, benchmarks, explain. */
module org.weft.cli {
    requires org.weft.core;
    requires org.weft.linalg;
    requires org.weft.bench;
    requires info.picocli;
    requires jdk.management;

    opens org.weft.cli to info.picocli;
    opens org.weft.cli.demo to info.picocli;
}
