/** The natural dependency on Weft: the core and its access-mode inference. */
module org.weft.all {
    requires transitive org.weft.core;
    requires org.weft.infer;
}
