package org.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event for one task run: start with {@link #begin()}, end with {@link #commit()}. Free when JFR is off. */
@Name("org.weft.Task")
@Label("Weft Task")
@Category({"Weft"})
@Description("A Weft task ran on a worker")
public final class TaskEvent extends Event {
    @Label("Task")
    public String task;
    @Label("Task id")
    public long taskId;
    @Label("Region")
    public long region;
    @Label("Outcome")
    public String outcome;
}
