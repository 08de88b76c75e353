/** The {@code feuerbird} command. */
module org.feuerbird.cli {
    requires org.feuerbird.hardware;
    requires org.feuerbird.kernel;
    requires org.feuerbird.libos;
}
