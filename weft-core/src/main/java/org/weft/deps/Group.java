package org.weft.deps;

import org.weft.Mode;
import org.weft.Reduction;
import org.weft.data.View;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of consecutive {@link Mode#COMMUTATIVE}, {@link Mode#CONCURRENT} or {@link Mode#REDUCE} accesses to
 * the same memory. Members of a group are not ordered among themselves; commutative members share the
 * group's {@link CommuteLock}; reduction members write private partials that a combine node folds into the
 * datum when the group closes.
 */
public final class Group {
    private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

    /** Global creation order: the order in which a task takes several groups' locks. */
    final long id;
    public final Mode kind;
    /** The operation of a reduction group, else null. */
    public final Reduction<?> reduction;
    /** The view a reduction group covers (all members cover exactly these spans), else null. */
    final View view;
    /** The datum the partials are combined into (reduction groups). */
    public final Object datum;
    public final CommuteLock lock;
    /** Nodes the combine must wait for besides the members: earlier writers and readers. */
    final List<GraphNode> preds = new ArrayList<>();
    final List<GraphNode> members = new ArrayList<>();
    private final Partials partials;
    GraphNode combine;

    Group(Mode kind, Reduction<?> reduction, View view, Object datum) {
        this.id = COUNTER.getAndIncrement();
        this.kind = kind;
        this.reduction = reduction;
        this.view = view;
        this.datum = datum;
        this.lock = kind == Mode.COMMUTATIVE ? new CommuteLock(id) : null;
        this.partials = kind == Mode.REDUCE ? new Partials(this) : null;
    }

    public boolean closed() {
        return combine != null;
    }

    /** The partial store of a reduction group. */
    public Partials partials() {
        return partials;
    }
}
