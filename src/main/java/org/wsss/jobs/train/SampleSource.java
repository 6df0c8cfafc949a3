package org.wsss.jobs.train;

import java.io.Serializable;
import org.wsss.model.train.SamplePreparer;

/** A {@link SamplePreparer} that can travel to executors: it holds only settings and storage access. */
public interface SampleSource<S> extends SamplePreparer<S>, Serializable {}
