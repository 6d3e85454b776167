package org.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event for the copies one copy node, or one region's write-back, made between memory spaces. */
@Name("org.weft.Copy")
@Label("Weft Copy")
@Category({"Weft"})
@Description("Weft made bytes current in a memory space")
public final class CopyEvent extends Event {
    @Label("To space")
    public String to;
    @Label("Bytes")
    @DataAmount
    public long bytes;
    @Label("Region")
    public long region;
}
