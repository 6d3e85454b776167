package org.weft.deps;

import org.weft.Mode;
import org.weft.Reduction;
import org.weft.data.View;

import java.util.ArrayList;
import java.util.List;

/**
 * One resolved access of a task: the exact view, the mode, and what registering it produced (the groups
 * joined, and for a weak access the predecessors its children must wait for). Written by the spawning
 * thread before the task is sealed, read by the worker that runs it afterwards.
 */
public final class AccessRec {
    public final View view;
    public final Mode mode;
    public final boolean weak;
    public final Reduction<?> reduction;
    /** The argument position this access came from, or -1 for a closure's access list entry. */
    public final int argIndex;
    /** The object the task receives (the datum), used for reduction partials. */
    public final Object datum;
    /** Commutative groups joined (their locks), or the one reduction group; null otherwise. */
    List<Group> groups;
    /** For a weak access: the nodes a child touching this memory must wait for. */
    List<GraphNode> weakPreds;
    /** The id of the memory space the task runs in (0: the host); set at spawn, before registration. */
    public int space;
    /** True if registering found the storage tracked for coherence: a write must be recorded in its directory. */
    public boolean coherent;
    /** True if the resolver found this OUT access may be renamed (see {@link DepTracker.Renamer}); set at spawn. */
    public boolean mayRename;
    /** The node that installs this access's fresh version, if registering renamed it; null otherwise. */
    public GraphNode renamedTo;

    public AccessRec(View view, Mode mode, boolean weak, Reduction<?> reduction, int argIndex, Object datum) {
        this.view = view;
        this.mode = mode;
        this.weak = weak;
        this.reduction = reduction;
        this.argIndex = argIndex;
        this.datum = datum;
    }

    public List<Group> groups() {
        return groups == null ? List.of() : groups;
    }

    public List<GraphNode> weakPreds() {
        return weakPreds == null ? List.of() : weakPreds;
    }

    /** Records a node that the children of a weak access must wait for (also from an enclosing weak access). */
    public void addWeakPred(GraphNode p) {
        if (weakPreds == null) weakPreds = new ArrayList<>();
        weakPreds.add(p);
    }

    void addGroup(Group g) {
        if (groups == null) groups = new ArrayList<>(2);
        if (!groups.contains(g)) groups.add(g);
    }

    @Override
    public String toString() {
        return (weak ? "weak " : "") + mode + " " + view;
    }
}
