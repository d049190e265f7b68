package io.tcptop.analyze.parquet;

/** How an export stores its rows: its directory partitioning and its timestamp unit. */
public record Layout(Partitioning partitioning, TimestampUnit timestamps) {}
