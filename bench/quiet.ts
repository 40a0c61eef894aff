/**
 * Imported first by the bench: the handlers' logger and metrics read these
 * when their module loads, which the bench's own imports already cause. A
 * year of INFO logs and metric documents would measure the console, not the
 * system.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
