package org.wsss.jobs.stage;

/** What every stage class starts from: its name, the subcommand and the folder of its {@code _stage.json}. */
public abstract class NamedStage implements Stage {
    private final String name;

    protected NamedStage(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }
}
