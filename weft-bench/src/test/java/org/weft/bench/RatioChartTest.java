package org.weft.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioChartTest {
    private static ResultLine line(String workload, String rt, double tasksPerSecond) {
        return ResultLine.parse(String.format(java.util.Locale.ROOT,
                "RESULT micro %s rt=%s threads=2 tasks=1000000 rep=0 time_s=0.5 tasks_per_s=%.0f foreign=0.00", workload, rt, tasksPerSecond)).orElseThrow();
    }

    @Test
    void aBarPerRatioWithLengthsInProportionAndTheEvenLine(@TempDir Path dir) throws Exception {
        RatioTable table = RatioTable.of(List.of(line("indep", "weft", 4e6), line("indep", "libgomp(gcc)", 2e6),
                line("chain", "weft", 1e6), line("chain", "starpu", 4e6)), 2);
        RatioChart chart = RatioChart.of(table);
        assertEquals(List.of(new RatioChart.Bar("indep: Weft ÷ libgomp(gcc), 2 threads", 2.0),
                new RatioChart.Bar("chain: Weft ÷ starpu, 2 threads", 0.25)), chart.bars());
        Path file = chart.writeTo(dir);
        assertEquals(dir.resolve("ratios.svg"), file);
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readString(file).getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", svg.getDocumentElement().getTagName());
        List<Double> widths = new ArrayList<>();
        NodeList rects = svg.getElementsByTagName("rect");
        for (int i = 1; i < rects.getLength(); i++) widths.add(Double.parseDouble(((Element) rects.item(i)).getAttribute("width")));
        assertEquals(2, widths.size(), "a background and one bar per ratio");
        assertEquals(8.0, widths.get(0) / widths.get(1), 0.01, "lengths in proportion to the ratios");
        String text = svg.getDocumentElement().getTextContent();
        assertTrue(text.contains("indep: Weft ÷ libgomp(gcc), 2 threads") && text.contains("2.00") && text.contains("0.25"), text);
        assertEquals(1, svg.getElementsByTagName("line").getLength(), "the line where Weft and the peer are even");
    }

    @Test
    void withoutPeersThereIsNoChart(@TempDir Path dir) throws Exception {
        RatioChart chart = RatioChart.of(RatioTable.of(List.of(line("indep", "weft", 4e6)), 2));
        assertTrue(chart.bars().isEmpty());
        assertNull(chart.writeTo(dir));
        assertTrue(Files.notExists(dir.resolve("ratios.svg")));
    }
}
