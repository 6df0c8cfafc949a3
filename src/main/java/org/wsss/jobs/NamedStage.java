package org.wsss.jobs;

/** What every stage class starts from: its name, the subcommand and the folder of its {@code _stage.json}. */
abstract class NamedStage implements Stage {
    private final String name;

    NamedStage(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }
}
