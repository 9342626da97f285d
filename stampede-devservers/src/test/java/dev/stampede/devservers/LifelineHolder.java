package dev.stampede.devservers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The JVM of {@link LifelineTest}: starts a long {@code sleep} as its "server", holds a lifeline on it, prints the
 * sleep's process id, then obeys its standard input: {@code close} closes the lifeline; the end of input exits.
 */
final class LifelineHolder {

    public static void main(String[] args) throws Exception {
        Process server = new ProcessBuilder("sleep", "600").start();
        Lifeline lifeline = Lifeline.watch(server.pid(), Lifeline.Signal.TERM);
        System.out.println(server.pid());
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = commands.readLine(); command != null; command = commands.readLine()) {
            if (command.equals("close")) {
                lifeline.close();
                System.out.println("closed");
                System.out.flush();
            }
        }
    }
}
